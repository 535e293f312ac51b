/**
 * Reading value sets, ranges and weighted choices out of the AST, each value with the source
 * location of its own text. Shared by the compiler, the validator and hover.
 */
import { AstUtils, type AstNode } from 'langium';
import type { Choice, SourceRef } from '../engine/space/space.js';
import {
    isIntRange, isSingleValue, isStructurePreset, isStructureSet, isValueSet, isActivationSet,
    type ActivationChoices, type ActivationKind, type Bounds, type IntChoices, type IntRange, type StructureChoice,
    type StructureChoices,
} from './generated/ast.js';

/** The document URI and range of a node's text (the whole node when it has no text of its own). */
export function sourceOf(node: AstNode): SourceRef {
    const uri = AstUtils.getDocument(node).uri.toString();
    const range = node.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { uri, range: { start: { ...range.start }, end: { ...range.end } } };
}

/** The integers a range stands for; empty when it is inverted or not made of integers. */
export function rangeValues(range: IntRange): number[] {
    const { low, high } = range;
    if (!Number.isInteger(low) || !Number.isInteger(high) || high < low || high - low > 10_000) return [];
    return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** Every value of `{a, b: w}`, `lo .. hi` or `v`, with its weight (default 1) and its own text. */
export function intChoices(choices: IntChoices): Choice<number>[] {
    if (isValueSet(choices)) {
        return choices.items.map((item) => ({ value: item.value, weight: item.weight ?? 1, at: sourceOf(item) }));
    }
    if (isIntRange(choices)) {
        const at = sourceOf(choices);
        return rangeValues(choices).map((value) => ({ value, weight: 1, at }));
    }
    if (isSingleValue(choices)) {
        return [{ value: choices.value, weight: 1, at: sourceOf(choices) }];
    }
    return [];
}

export function activationChoices(choices: ActivationChoices): Choice<ActivationKind>[] {
    const items = isActivationSet(choices) ? choices.items : [choices.item];
    return items.map((item) => ({ value: item.fn, weight: item.weight ?? 1, at: sourceOf(item) }));
}

/** Choices of plain values that all stand for the same text (defaults and derived sets). */
export function uniformChoices<T>(values: readonly T[], at: SourceRef): Choice<T>[] {
    return values.map((value) => ({ value, weight: 1, at }));
}

/** The two ends of `lo .. hi`, or of `v` (exactly v); either may be undefined while the text is broken. */
export function boundsOf(bounds: Bounds): { low: number | undefined; high: number | undefined } {
    return isIntRange(bounds) ? { low: bounds.low, high: bounds.high } : { low: bounds.value, high: bounds.value };
}

/** The written path lists of `structure {(1), (2, 1): 3}` or `structure (2, 1)`; none for a preset. */
export function structureItems(structure: StructureChoices | undefined): StructureChoice[] {
    if (!structure || isStructurePreset(structure)) return [];
    return isStructureSet(structure) ? structure.items : structure.item ? [structure.item] : [];
}
