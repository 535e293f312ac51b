/**
 * The numbers the cross-cutting rules need (unit, block inputs, resolutions, bank sizes, budgets,
 * which blocks use which op family), derived from the AST with the compiler's defaults and the
 * compiler's reading order. A value that is itself invalid (reported by the value rules) is left
 * undefined here, so that one mistake does not cascade into a dozen follow-up diagnostics and no
 * rule ever computes with NaN, Infinity or a fraction where a count belongs.
 */
import type { AstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import {
    isBlock, isFractionBudget, isIntRange, isSingleValue, isValueSet, isOpFamily, isTransition,
    type Block, type DatasetKind, type IntChoices, type Member, type OpFamily, type Space, type Transition,
} from './generated/ast.js';
import { boundsOf, rangeValues } from './smash-choices.js';
import { DATASETS, DEFAULTS } from './smash-knobs.js';
import { gcd, isCount, propertyRange, rangeOf } from './smash-validator-util.js';

/** The compiler expands ranges of at most this many values (smash-choices.ts `rangeValues`). */
export const MAX_VALUES = 10_000;

export interface BlockFacts {
    node: Block;
    index: number;
    /** Channels entering the block. */
    input?: number;
    /** Spatial size [height, width]: the input halved (floor) once per preceding block. */
    resolution?: [number, number];
    maxBanks?: number;
    /** The bank sizes the block may draw from (valid counts only; the default 1 .. maxWidth/unit). */
    bankSizes: number[];
    /** Budget fractions and the full budget in channels. */
    budget?: { min: number; max: number; total: number };
    families: OpFamily[];
}

export interface SpaceFacts {
    space: Space;
    datasetKind: DatasetKind;
    input?: { height: number; width: number; channels: number };
    unit?: number;
    maxWidth?: number;
    slice?: number;
    /** maxWidth / unit, the number of output units (and rows of the encoding). */
    k?: number;
    stemWidth?: number;
    blocks: BlockFacts[];
    transitions: Transition[];
    families: OpFamily[];
    /** The blocks that draw ops from each family. */
    users: Map<OpFamily, BlockFacts[]>;
}

type MemberOf<T extends Member['$type']> = Extract<Member, { $type: T }>;

/** The first member of a kind: the one the compiler reads (later ones are duplicates). */
export function member<T extends Member['$type']>(space: Space, type: T): MemberOf<T> | undefined {
    return space.members.find((m): m is MemberOf<T> => m.$type === type);
}

function count(value: number | undefined, fallback?: number): number | undefined {
    return value === undefined ? fallback : isCount(value) ? value : undefined;
}

function fraction(value: number | undefined): number | undefined {
    return value !== undefined && value > 0 && value <= 1 ? value : undefined;
}

/** Valid integer values of a choice knob (weights and duplicates do not matter here). */
export function countValues(choices: IntChoices | undefined): number[] {
    const values = isValueSet(choices) ? choices.items.map((i) => i.value)
        : isIntRange(choices) ? rangeValues(choices)
            : isSingleValue(choices) ? [choices.value] : [];
    return [...new Set(values.filter((v) => isCount(v)))];
}

export function collectFacts(space: Space): SpaceFacts {
    const dataNode = member(space, 'DataSection');
    const datasetKind: DatasetKind = dataNode?.source ?? 'fashion-mnist';
    const dataset = DATASETS[datasetKind] ?? DATASETS['fashion-mnist'];
    const inputNode = member(space, 'InputDecl');
    const dims = inputNode ? [inputNode.height, inputNode.width, inputNode.channels].map((v) => count(v)) : undefined;
    const input = !dims ? { ...dataset.input }
        : dims.every((d) => d !== undefined) ? { height: dims[0]!, width: dims[1]!, channels: dims[2]! } : undefined;
    const unit = count(member(space, 'UnitDecl')?.value, DEFAULTS.unit);
    const maxWidth = count(member(space, 'MaxWidthDecl')?.value, DEFAULTS.maxWidth);
    const slice = count(member(space, 'SliceDecl')?.value, DEFAULTS.slice);
    const ratio = unit !== undefined && maxWidth !== undefined ? maxWidth / unit : undefined;
    const k = ratio !== undefined && Number.isInteger(ratio) && ratio <= MAX_VALUES ? ratio : undefined;
    const stemWidth = count(member(space, 'Stem')?.width, maxWidth);

    const families = space.members.filter(isOpFamily);
    const transitions = space.members.filter(isTransition);
    const blockNodes = space.members.filter(isBlock);
    const defaultMaxBanks = k !== undefined ? 3 * k : undefined;
    const users = new Map<OpFamily, BlockFacts[]>(families.map((f) => [f, []]));
    // As the compiler: the stem's k // 2 padding leaves ceil(size / stride) pixels per axis.
    const stride = count(member(space, 'Stem')?.stride, DEFAULTS.stemStride) ?? DEFAULTS.stemStride;
    let resolution: [number, number] | undefined = input ? [Math.ceil(input.height / stride), Math.ceil(input.width / stride)] : undefined;
    const blocks = blockNodes.map((node, index): BlockFacts => {
        const input = index === 0 ? stemWidth : count(transitions[index - 1]?.width, stemWidth);
        if (index > 0 && resolution) resolution = [Math.floor(resolution[0] / 2), Math.floor(resolution[1] / 2)];
        const maxBanks = count(node.maxBanks, defaultMaxBanks);
        const bankSizes = node.bankSize ? countValues(node.bankSize)
            : k !== undefined ? Array.from({ length: k }, (_, i) => i + 1) : [];
        const blockFamilies = node.ops.length > 0
            ? [...new Set(node.ops.map((ref) => ref.op?.ref).filter((f): f is OpFamily => f !== undefined))]
            : families;
        const facts: BlockFacts = {
            node, index, input, resolution, maxBanks, bankSizes,
            budget: budgetOf(node, input, maxBanks, unit), families: blockFamilies,
        };
        for (const family of blockFamilies) users.get(family)?.push(facts);
        return facts;
    });
    return { space, datasetKind, input, unit, maxWidth, slice, k, stemWidth, blocks, transitions, families, users };
}

function budgetOf(node: Block, input?: number, maxBanks?: number, unit?: number): BlockFacts['budget'] {
    const full = input !== undefined && maxBanks !== undefined && unit !== undefined
        ? input + 4 * maxBanks * unit : undefined;
    const budget = node.budget;
    if (!budget) {
        return full === undefined ? undefined : { min: DEFAULTS.budget.min, max: DEFAULTS.budget.max, total: full };
    }
    if (isFractionBudget(budget)) {
        const min = fraction(budget.min);
        const max = fraction(budget.max);
        const total = count(budget.total, full);
        return min !== undefined && max !== undefined && min <= max && total !== undefined ? { min, max, total } : undefined;
    }
    const total = count(budget.channels);
    return total === undefined ? undefined : { min: 1, max: 1, total };
}

/** The fewest banks of size `bs` an op must read: reads x bs must fill whole slices of D units. */
export function minReads(bankSize: number, slice: number): number {
    return slice / gcd(bankSize, slice);
}

/**
 * Why a block cannot draw bank size `bs`: wider than maxWidth, wider than the block input, or the
 * input fills fewer banks of that size than an op must read to fill whole slices (the spec's
 * "odd sizes only with >= D input banks", generalised as the engine's sampler does to any D), or
 * no op family of the block allows a read count that those banks can serve for the first op.
 * Undefined: it can.
 */
export function bankSizeProblem(facts: SpaceFacts, block: BlockFacts, bs: number): 'tooWide' | 'overInput' | 'never' | 'overBanks' | 'noFirstRead' | undefined {
    const { k, unit, slice } = facts;
    const input = block.input;
    if (k === undefined || unit === undefined || slice === undefined || input === undefined) return undefined;
    if (bs > k) return 'tooWide';
    if (bs * unit > input) return 'overInput';
    const banks = Math.floor(input / (bs * unit));
    const step = minReads(bs, slice);
    if (banks < step) return 'never';
    // The input does not fit the memory: smash/max-banks-too-small says so for the whole block.
    if (block.maxBanks !== undefined && banks > Math.floor(block.maxBanks / bs)) return 'overBanks';
    // The first op reads only the banks the input fills; some family of the block must allow that.
    // No families: the space declares none and the compiler's default `conv` reads any count, or
    // the block's `ops` name none that resolve, which smash/unknown-op-family reports.
    const canStart = block.families.length === 0 || block.families.some((family) => firstRead(readsOf(family), step, banks) !== undefined);
    return canStart ? undefined : 'noFirstRead';
}

/**
 * The read counts an op family allows as written (`reads`; the default 1 .. maxBanks leaves them
 * to the banks), or undefined while the written bounds are invalid (reported on their own).
 */
export function readBounds(family: OpFamily): { low: number; high: number } | undefined {
    if (!family.reads) return { low: 1, high: Infinity };
    const { low, high } = boundsOf(family.reads);
    return isCount(low) && isCount(high) && low <= high ? { low, high } : undefined;
}

/** readBounds, with invalid bounds read as the default so that they cause no second diagnostic. */
export function readsOf(family: OpFamily): { low: number; high: number } {
    return readBounds(family) ?? { low: 1, high: Infinity };
}

/** The fewest reads within `reads` that fill whole slices (a multiple of `step`) from `banks` banks; undefined: none. */
export function firstRead(reads: { low: number; high: number }, step: number, banks: number): number | undefined {
    const first = Math.ceil(reads.low / step) * step;
    return first <= Math.min(reads.high, banks) ? first : undefined;
}

/** The bank sizes a block can actually draw (none while the numbers they depend on are invalid). */
export function drawableBankSizes(facts: SpaceFacts, block: BlockFacts): number[] {
    return bankSizesWhere(facts, block, (problem) => problem === undefined);
}

/** The bank sizes whose banks the block input fills for whole slices, whatever its families read. */
export function fittingBankSizes(facts: SpaceFacts, block: BlockFacts): number[] {
    return bankSizesWhere(facts, block, (problem) => problem === undefined || problem === 'noFirstRead');
}

function bankSizesWhere(facts: SpaceFacts, block: BlockFacts, keep: (problem: ReturnType<typeof bankSizeProblem>) => boolean): number[] {
    const { k, unit, slice } = facts;
    if (k === undefined || unit === undefined || slice === undefined || block.input === undefined) return [];
    return block.bankSizes.filter((bs) => keep(bankSizeProblem(facts, block, bs)));
}

/** One written item of a choice knob: a set value, a whole range, or a single value. */
export interface ChoiceItem {
    node: AstNode;
    range: Range;
    /** The valid counts it stands for. */
    values: number[];
}

export function choiceItems(choices: IntChoices | undefined): ChoiceItem[] {
    if (!choices) return [];
    const valid = (v: number | undefined): number[] => (isCount(v) ? [v] : []);
    if (isValueSet(choices)) {
        return choices.items.map((item) => ({ node: item, range: propertyRange(item, 'value'), values: valid(item.value) }));
    }
    if (isIntRange(choices)) return [{ node: choices, range: rangeOf(choices), values: rangeValues(choices).filter((v) => v >= 1) }];
    if (isSingleValue(choices)) return [{ node: choices, range: rangeOf(choices), values: valid(choices.value) }];
    return [];
}

/** The multiples of `multiple` next to `value` that are at least `min`, the nearest first. */
export function roundings(value: number, multiple: number, min: number): number[] {
    const floor = Math.max(min, multiple);
    const lowest = Math.ceil(floor / multiple) * multiple;
    const down = Math.floor(value / multiple) * multiple;
    const up = Math.ceil(value / multiple) * multiple;
    const options = [...new Set([down, up].filter((v) => v >= lowest))];
    if (options.length === 0) return [lowest];
    return options.sort((a, b) => Math.abs(a - value) - Math.abs(b - value) || b - a);
}
