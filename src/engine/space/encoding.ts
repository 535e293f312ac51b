/**
 * The architecture code c that the HyperNet reads (spec §4.1-4.2): a ±1 "image" with one column
 * per slice of D·N 1x1 input channels and one row per output unit of N channels, filled with -1
 * and set to +1 where a field is on.
 *
 * Layout of `data`: [C, k, S'] row-major, index (channel·k + row)·S' + column, where
 *   C  = channels (the fields below), k = N_max/N rows (row a <-> 1x1 outputs N·a .. N·a+N-1),
 *   S' = slices used by the architecture + 1 (the spec feeds the HyperNet one column past the last op).
 * Channel fields, in order: read (M banks) | write (M) | block (#blocks) | G (k, one-hot at G-1) |
 * per conv slot: dilation h, dilation w, kernel h, kernel w, groups [, activation] | structure flags.
 *   M = the largest maxBanks of any block. Value fields are one-hot over the sorted union of the
 *   values the space's families allow (so {3, 5, 7} gives 3 channels, not a hard-coded 3).
 *   Conv slots: maxPaths x maxDepth over all structures; conv `depth` of path `p` fills slot
 *   p·maxDepth + depth (the released code's 4 slots A1, A2, B1, B2). Inactive slots stay -1.
 *   The activation field exists only when some family allows more than one activation, the
 *   structure flags (one per slot, +1 when the slot is active) only when more than one structure
 *   is possible; with the defaults C = 91 (single conv) and 143 (variable op), as in the spec.
 * An op sets its fields at rows 0..G-1 and columns [sliceStart, sliceStart + nIn/(D·N)). The read
 * field of a column marks the bank(s) whose channels that slice of the 1x1 input comes from (two
 * banks when a slice straddles them), the other fields are the same in every column of the op.
 *
 * `space.hypernet.legacyEncoding` reproduces the released code's bugs: groups one-hot one channel
 * too low (groups index 0 lands on the last kernel-width channel, the last groups channel is never
 * set) and structure flags that never leave -1. Its third quirk, kernel fields that shift while the
 * kernel size anneals, is not reproduced: it only scrambles the first 37.5 % of training.
 */
import type { Architecture, ConvChoice } from './architecture.js';
import type { Activation, SearchSpace } from './space.js';

export { generatedColumns, hypernetOutputChannels, oneByOneIndex, opWeightIndices } from './hypernet-mapping.js';

export interface EncodingLayout {
    /** C: total channels. */
    channels: number;
    /** k = N_max / N. */
    rows: number;
    /** M: banks in the read and write fields. */
    banks: number;
    read: number;
    write: number;
    block: number;
    width: number;
    /** First channel of conv slot 0; slot s starts at convs + s·slotSize. */
    convs: number;
    slots: number;
    maxDepth: number;
    slotSize: number;
    dilations: number[];
    kernelHeights: number[];
    kernelWidths: number[];
    groups: number[];
    /** Undefined when every family has the same single activation. */
    activations: Activation[] | undefined;
    /** First structure-flag channel (one per slot), undefined when only one structure is possible. */
    flags: number | undefined;
}

function sortedUnion<T>(lists: T[][], compare?: (a: T, b: T) => number): T[] {
    return [...new Set(lists.flat())].sort(compare);
}

export function encodingLayout(space: SearchSpace): EncodingLayout {
    const used = [...new Set(space.blocks.flatMap((b) => b.ops.map((o) => o.value)))];
    const families = used.map((name) => space.ops[name]).filter((f) => f !== undefined);
    const byNumber = (a: number, b: number) => a - b;
    const dilations = sortedUnion(families.map((f) => f.dilation.map((c) => c.value)), byNumber);
    const kernelHeights = sortedUnion(families.map((f) => f.kernelHeight.map((c) => c.value)), byNumber);
    const kernelWidths = sortedUnion(families.map((f) => f.kernelWidth.map((c) => c.value)), byNumber);
    const groups = sortedUnion(families.map((f) => f.groups.map((c) => c.value)), byNumber);
    const activationSet = sortedUnion(families.map((f) => f.activation.map((c) => c.value)));
    const activations = activationSet.length > 1 ? activationSet : undefined;
    const structures = sortedUnion(families.map((f) => f.structures.map((c) => JSON.stringify(c.value))));
    const parsed = structures.map((s) => JSON.parse(s) as number[]);
    const maxPaths = Math.max(1, ...parsed.map((s) => s.length));
    const maxDepth = Math.max(1, ...parsed.flat());
    const slots = maxPaths * maxDepth;
    const slotSize = 2 * dilations.length + kernelHeights.length + kernelWidths.length + groups.length + (activations?.length ?? 0);
    const banks = Math.max(...space.blocks.map((b) => b.maxBanks));
    const rows = Math.floor(space.maxWidth / space.unit);
    const read = 0;
    const write = read + banks;
    const block = write + banks;
    const width = block + space.blocks.length;
    const convs = width + rows;
    const flags = structures.length > 1 ? convs + slots * slotSize : undefined;
    const channels = convs + slots * slotSize + (flags === undefined ? 0 : slots);
    return {
        channels, rows, banks, read, write, block, width, convs, slots, maxDepth, slotSize,
        dilations, kernelHeights, kernelWidths, groups, activations, flags,
    };
}

export interface Encoding {
    data: Float32Array;
    /** [C, k, S']. */
    shape: [number, number, number];
}

export function encodeArchitecture(space: SearchSpace, arch: Architecture): Encoding {
    const layout = encodingLayout(space);
    const { unit, slice } = space;
    const legacy = space.hypernet.legacyEncoding;
    let used = 0;
    for (const block of arch.blocks) for (const op of block.ops) used += op.nIn / (unit * slice);
    const columns = used + 1;
    const k = layout.rows;
    const data = new Float32Array(layout.channels * k * columns).fill(-1);
    const set = (channel: number, row: number, column: number): void => {
        data[(channel * k + row) * columns + column] = 1;
    };
    arch.blocks.forEach((block, blockIndex) => {
        const bankChannels = block.bankSize * unit;
        for (const op of block.ops) {
            const fixed = [layout.block + blockIndex, layout.width + op.width - 1, ...op.writes.map((w) => layout.write + w.bank)];
            let conv = 0;
            op.structure.forEach((depth, path) => {
                for (let d = 0; d < depth; d++, conv++) {
                    const slot = path * layout.maxDepth + d;
                    fixed.push(...convChannels(layout, slot, op.convs[conv]!, legacy));
                    if (layout.flags !== undefined && !legacy) fixed.push(layout.flags + slot);
                }
            });
            const cols = op.nIn / (unit * slice);
            for (let t = 0; t < cols; t++) {
                const column = op.sliceStart + t;
                // Input channels [t·D·N, (t+1)·D·N) of the 1x1 come from these positions of the read list.
                const first = Math.floor((t * slice * unit) / bankChannels);
                const last = Math.floor(((t + 1) * slice * unit - 1) / bankChannels);
                for (let row = 0; row < op.width; row++) {
                    for (const channel of fixed) set(channel, row, column);
                    for (let p = first; p <= last; p++) set(layout.read + op.reads[p]!, row, column);
                }
            }
        }
    });
    return { data, shape: [layout.channels, k, columns] };
}

function convChannels(layout: EncodingLayout, slot: number, conv: ConvChoice, legacy: boolean): number[] {
    let at = layout.convs + slot * layout.slotSize;
    const out: number[] = [];
    const field = (values: unknown[], value: unknown, shift = 0): void => {
        const index = values.indexOf(value);
        if (index < 0) throw new Error(`encoding: ${JSON.stringify(value)} is not among the space's values {${values.join(', ')}}`);
        out.push(at + index + shift);
        at += values.length;
    };
    field(layout.dilations, conv.dilation[0]);
    field(layout.dilations, conv.dilation[1]);
    field(layout.kernelHeights, conv.kernel[0]);
    field(layout.kernelWidths, conv.kernel[1]);
    field(layout.groups, conv.groups, legacy ? -1 : 0);
    if (layout.activations) field(layout.activations, conv.activation);
    return out;
}
