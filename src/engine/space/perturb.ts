/**
 * Local moves in architecture space (spec §5.3): bank sizes, budgets and the number of ops stay
 * fixed; each field of each op (family, reads, G, writes, structure, and per conv each kernel and
 * dilation axis, groups, activation) is redrawn with probability p, and a field that the changes
 * before it made invalid is redrawn too. Reads that name a bank which is now empty are redrawn,
 * writes into empty banks are re-packed onto the lowest empty ones. The result passes
 * validateArchitecture whenever the input does.
 *
 * Budget: op j may use at most budget - used - (ops after j)·cheapest slices, where cheapest is
 * the cheapest op any family can run from the block input; every op of a valid architecture
 * costs at least that, so p = 0 keeps every op, and every later op can always be paid for.
 */
import type { Architecture, BankWrite, BlockArchitecture, ConvChoice, OpArchitecture } from './architecture.js';
import {
    blockFamilies, dilationOptions, geometry, groupOptions, readCountOptions, sliceCost, widthOptions, writesProblem,
    type BlockGeometry,
} from './architecture-rules.js';
import type { Random } from '../random.js';
import {
    affordableReads, buildOp, checkProgress, convCount, drawConv, drawFamily, drawKernel, drawReads, drawWidth, drawWrites,
    pickWeighted, readableAfter, usedSlices,
} from './sampler.js';
import type { OpFamilySpec, SearchSpace } from './space.js';

/** `arch` must be valid for `space`; `progress` only limits the kernel sizes of redrawn kernels. */
export function perturbArchitecture(space: SearchSpace, arch: Architecture, rng: Random, p: number, progress = 1): Architecture {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`perturbation probability must be in [0, 1], got ${p}`);
    checkProgress(progress);
    if (arch.blocks.length !== space.blocks.length) throw new Error(`the architecture has ${arch.blocks.length} blocks, the space ${space.blocks.length}`);
    let sliceStart = 0;
    const blocks = arch.blocks.map((block, i) => {
        const perturbed = perturbBlock(geometry(space, space.blocks[i]!, block.bankSize), block, rng, p, progress, sliceStart);
        sliceStart += usedSlices(space, perturbed);
        return perturbed;
    });
    return { version: 1, blocks };
}

function perturbBlock(g: BlockGeometry, block: BlockArchitecture, rng: Random, p: number, progress: number, sliceStart: number): BlockArchitecture {
    const costs = blockFamilies(g.space, g.block)
        .filter(({ family }) => widthOptions(g, family).length > 0)
        .map(({ family }) => readCountOptions(g, family, g.initialBanks)[0])
        .filter((r): r is number => r !== undefined)
        .map((r) => sliceCost(g, r));
    const cheapest = Math.min(...costs);
    let readable = g.initialBanks;
    let used = 0;
    const ops = block.ops.map((old, j) => {
        const remaining = block.budgetSlices - used - (block.ops.length - 1 - j) * cheapest;
        const op = perturbOp(g, old, rng, p, progress, readable, remaining, sliceStart + used);
        used += sliceCost(g, op.reads.length);
        readable = readableAfter(readable, op.writes);
        return op;
    });
    return { ...block, ops };
}

function perturbOp(
    g: BlockGeometry, old: OpArchitecture, rng: Random, p: number, progress: number,
    readable: number, remaining: number, sliceStart: number,
): OpArchitecture {
    const redraw = (invalid: boolean): boolean => rng.bernoulli(p) || invalid;
    const current = g.space.ops[old.family];
    const runnable = current !== undefined && affordableReads(g, current, readable, remaining).length > 0 && widthOptions(g, current).length > 0;
    let family: OpFamilySpec | undefined = current;
    if (redraw(!runnable)) family = drawFamily(g, rng, readable, remaining)?.family;
    if (!family) throw new Error(`block '${g.block.name}': no op family can run with ${remaining} slices left (is the architecture valid for this space?)`);

    const readsValid = old.reads.every((b) => b < readable)
        && readCountOptions(g, family, readable).includes(old.reads.length) && sliceCost(g, old.reads.length) <= remaining;
    const reads = redraw(!readsValid) ? drawReads(g, family, rng, readable, remaining) : old.reads;
    const width = redraw(!widthOptions(g, family).includes(old.width)) ? drawWidth(g, family, rng, reads.length) : old.width;
    const packed = repack(old.writes, readable, width === old.width ? undefined : width / g.bs);
    const writes = redraw(writesProblem(g, family, readable, width, packed) !== undefined)
        ? drawWrites(g, family, rng, readable, width) : packed;
    const known = family.structures.some((c) => JSON.stringify(c.value) === JSON.stringify(old.structure));
    const structure = redraw(!known) ? [...pickWeighted(rng, family.structures, `op '${family.name}' structure`).value] : old.structure;
    const convs = Array.from({ length: convCount(structure) }, (_, i) => {
        const conv = old.convs[i];
        return conv ? perturbConv(g, family, conv, redraw, rng, progress) : drawConv(g, family, rng, progress);
    });
    return buildOp(g, { family: family.name, reads, width, writes, structure, convs }, sliceStart);
}

/** Writes into now-empty banks move onto the lowest empty ones; with a new chunk count, chunks are dealt again. */
function repack(writes: BankWrite[], readable: number, chunks: number | undefined): BankWrite[] {
    let next = readable;
    return writes.map((w, j) => ({
        bank: w.bank < readable ? w.bank : next++,
        chunk: chunks === undefined ? w.chunk : j % chunks,
    }));
}

function perturbConv(
    g: BlockGeometry, family: OpFamilySpec, old: ConvChoice, redraw: (invalid: boolean) => boolean, rng: Random, progress: number,
): ConvChoice {
    const has = <T>(choices: { value: T }[], value: T): boolean => choices.some((c) => c.value === value);
    const kh = redraw(!has(family.kernelHeight, old.kernel[0])) ? drawKernel(g, family, rng, progress, 0) : old.kernel[0];
    const kw = redraw(!has(family.kernelWidth, old.kernel[1])) ? drawKernel(g, family, rng, progress, 1) : old.kernel[1];
    const dh = redraw(!has(dilationOptions(family, kh), old.dilation[0])) ? pickWeighted(rng, dilationOptions(family, kh), 'dilation').value : old.dilation[0];
    const dw = redraw(!has(dilationOptions(family, kw), old.dilation[1])) ? pickWeighted(rng, dilationOptions(family, kw), 'dilation').value : old.dilation[1];
    const groups = redraw(!has(groupOptions(g.space, family), old.groups)) ? pickWeighted(rng, groupOptions(g.space, family), 'groups').value : old.groups;
    const activation = redraw(!has(family.activation, old.activation)) ? pickWeighted(rng, family.activation, 'activation').value : old.activation;
    return { kernel: [kh, kw], dilation: [dh, dw], groups, activation };
}
