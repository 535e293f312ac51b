/**
 * Op families: from an `op` section (or nothing, for a space without one) to the engine's
 * OpFamilySpec, with the defaults of smash-knobs.ts and the structure presets of the paper's code.
 */
import type { Choice, OpFamilySpec, SourceRef } from '../engine/space/space.js';
import { isStructurePreset, type Bounds, type OpFamily } from './generated/ast.js';
import { activationChoices, boundsOf, intChoices, sourceOf, structureItems, uniformChoices } from './smash-choices.js';
import { DEFAULTS } from './smash-knobs.js';

export function compileOpFamily(family: OpFamily, unit: number, bankLimit: number): OpFamilySpec {
    const at = sourceOf(family);
    const base = defaultOpFamily(unit, bankLimit, at, family.name);
    const kernel = family.kernel ? intChoices(family.kernel) : base.kernelHeight;
    return {
        ...base,
        structures: compileStructures(family, at),
        kernelHeight: kernel,
        kernelWidth: family.kernelWidth ? intChoices(family.kernelWidth) : kernel,
        dilation: family.dilation ? intChoices(family.dilation) : base.dilation,
        receptiveField: family.receptiveField ?? base.receptiveField,
        groups: family.groups ? intChoices(family.groups) : base.groups,
        activation: family.activation ? activationChoices(family.activation) : base.activation,
        bottleneck: family.bottleneck ? intChoices(family.bottleneck) : base.bottleneck,
        reads: family.reads ? bounds(family.reads) : base.reads,
        writes: family.writes ? bounds(family.writes) : base.writes,
    };
}

export function defaultOpFamily(unit: number, bankLimit: number, at: SourceRef, name = 'conv'): OpFamilySpec {
    const groups = [1, 2, 4, 8, 16].filter((g) => g <= DEFAULTS.maxGroups && unit % g === 0);
    return {
        name,
        structures: [{ value: [1], weight: 1, at }],
        kernelHeight: uniformChoices(DEFAULTS.kernels, at),
        kernelWidth: uniformChoices(DEFAULTS.kernels, at),
        dilation: uniformChoices(DEFAULTS.dilations, at),
        receptiveField: DEFAULTS.receptiveField,
        groups: uniformChoices(groups, at),
        activation: uniformChoices(['relu'] as const, at),
        bottleneck: uniformChoices(DEFAULTS.bottleneck, at),
        reads: { min: 1, max: bankLimit },
        writes: { min: 1, max: bankLimit },
        at,
    };
}

const PRESETS: Record<string, number[][]> = { single: [[1]], big: [[2, 2]], long: [[2]] };

function compileStructures(family: OpFamily, familyAt: SourceRef): Choice<number[]>[] {
    const node = family.structure;
    if (node && isStructurePreset(node)) {
        const at = sourceOf(node);
        if (node.preset === 'variable') return DEFAULTS.variableStructure.map((s) => ({ value: [...s.depths], weight: s.weight, at }));
        return PRESETS[node.preset]!.map((value) => ({ value, weight: 1, at }));
    }
    if (node) return structureItems(node).map((item) => ({ value: [...item.depths], weight: item.weight ?? 1, at: sourceOf(item) }));
    if (!family.paths && !family.depth) return [{ value: [1], weight: 1, at: familyAt }];
    const paths = family.paths ? intChoices(family.paths) : [{ value: 1, weight: 1 }];
    const depths = family.depth ? intChoices(family.depth) : [{ value: 1, weight: 1 }];
    const at = sourceOf(family.paths ?? family.depth!);
    // Every combination of a path count and depths (deeper path first); a combination's weight is
    // the product of the weights of its parts, so unweighted knobs make them equally likely.
    const structures: Choice<number[]>[] = [];
    for (const p of paths) {
        for (const first of depths) {
            if (p.value === 1) structures.push({ value: [first.value], weight: p.weight * first.weight, at });
            else {
                for (const second of depths) {
                    if (second.value <= first.value) structures.push({ value: [first.value, second.value], weight: p.weight * first.weight * second.weight, at });
                }
            }
        }
    }
    return structures;
}

/** `reads lo .. hi` or `reads v`, as the engine's bounds. */
function bounds(node: Bounds): { min: number; max: number } {
    const { low, high } = boundsOf(node);
    return { min: low!, max: high! };
}
