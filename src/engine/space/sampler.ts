/**
 * Random architectures from a search space (spec §2.2-2.3, with the space's knobs in place of the
 * released code's constants). All draws come from the one `Random` passed in, in a fixed order,
 * so the same space, seed and progress give the same architecture on every machine.
 *
 * Per block: a bank size from the block's weighted `bankSizes` (only sizes bankSizeProblem
 * accepts); floor(inChannels / (bs·N)) banks pre-filled with the block input, **the leftover
 * inChannels mod bs·N input channels are dropped** as in the released code; a budget fraction
 * b ~ U(min, maxNow) with maxNow annealed by training progress; then ops until the remaining
 * budget cannot pay for any op of any family.
 *
 * Per op, in this order: a family (by weight, among those that can run now), reads, G, writes,
 * structure, then per conv kernel h, kernel w, dilation h, dilation w, groups, activation. Where
 * the space's knobs go beyond the released code: G is also limited so that its G/bs chunks fit
 * the banks and the family's `writes` maximum; kernel, dilation, group and activation values are
 * drawn only for the convs the structure has (the released code drew them for all 4 slots).
 * Numbers of architectures the spec reports (§2.7: ops per block, write counts, kernel pairs,
 * dilations) are reproduced by test/engine/sampler.test.ts.
 */
import type { BankWrite, ConvChoice, OpArchitecture, Architecture, BlockArchitecture } from './architecture.js';
import {
    annealedKernels, bankSizeProblem, blockFamilies, bottleneckChoice, budgetSlices, budgetUpperBound, dilationOptions,
    geometry, groupOptions, opSources, readCountOptions, sliceCost, widthOptions, writeCountRange, type BlockGeometry,
} from './architecture-rules.js';
import type { Random } from '../random.js';
import type { BlockSpec, Choice, OpFamilySpec, SearchSpace } from './space.js';

/** `progress` is the fraction of SMASH training done, in [0, 1]; 1 (the default) is evaluation time. */
export function sampleArchitecture(space: SearchSpace, rng: Random, progress = 1): Architecture {
    checkProgress(progress);
    let sliceStart = 0;
    const blocks = space.blocks.map((block) => {
        const sampled = sampleBlock(space, block, rng, progress, sliceStart);
        sliceStart += usedSlices(space, sampled);
        return sampled;
    });
    return { version: 1, blocks };
}

export function checkProgress(progress: number): void {
    if (!(progress >= 0 && progress <= 1)) throw new RangeError(`training progress must be in [0, 1], got ${progress}`);
}

function sampleBlock(space: SearchSpace, block: BlockSpec, rng: Random, progress: number, sliceStart: number): BlockArchitecture {
    const sizes = block.bankSizes.filter((c) => bankSizeProblem(space, block, c.value) === undefined);
    if (sizes.length === 0) {
        const why = block.bankSizes.map((c) => bankSizeProblem(space, block, c.value)).join('; ');
        throw new Error(`block '${block.name}': none of its bank sizes can be used (${why || 'the set is empty'})`);
    }
    const bankSize = pickWeighted(rng, sizes, `block '${block.name}' bankSize`);
    const g = geometry(space, block, bankSize.value);
    const upper = budgetUpperBound(block.budget, progress);
    const budgetFraction = upper > block.budget.min ? rng.uniform(block.budget.min, upper) : block.budget.min;
    const budget = budgetSlices(space, block, budgetFraction);

    const ops: OpArchitecture[] = [];
    let readable = g.initialBanks;
    let used = 0;
    // Every op costs at least one slice, so at most `budget` ops fit.
    for (let guard = 0; guard <= budget; guard++) {
        const picked = drawFamily(g, rng, readable, budget - used);
        if (!picked) break;
        const { family } = picked;
        const reads = drawReads(g, family, rng, readable, budget - used);
        const width = drawWidth(g, family, rng, reads.length);
        const writes = drawWrites(g, family, rng, readable, width);
        const structure = [...pickWeighted(rng, family.structures, `op '${family.name}' structure`).value];
        const convs = Array.from({ length: convCount(structure) }, () => drawConv(g, family, rng, progress));
        ops.push(buildOp(g, { family: family.name, reads, width, writes, structure, convs }, sliceStart + used));
        used += sliceCost(g, reads.length);
        readable = readableAfter(readable, writes);
    }
    if (ops.length === 0) {
        throw new Error(`block '${block.name}': a budget of ${budget} slices (fraction ${budgetFraction.toFixed(3)} of ${block.budget.total} channels, ${space.unit * space.slice} channels per slice) cannot pay for a single op with bank size ${g.bs}; raise the budget`);
    }
    return {
        bankSize: g.bs, numBanks: g.numBanks, initialBanks: g.initialBanks, budgetFraction, budgetSlices: budget, ops,
        sources: { block: block.at, bankSize: bankSize.at, budget: block.budget.at },
    };
}

/** Slices of D·N input channels the ops of a block use together. */
export function usedSlices(space: SearchSpace, block: BlockArchitecture): number {
    return block.ops.reduce((sum, op) => sum + op.nIn / (space.unit * space.slice), 0);
}

export function pickWeighted<T>(rng: Random, choices: Choice<T>[], what: string): Choice<T> {
    if (choices.length === 0) throw new Error(`${what}: no value to choose from`);
    const weights = choices.map((c) => c.weight);
    if (!weights.every((w) => w >= 0) || !(weights.reduce((a, b) => a + b, 0) > 0)) {
        throw new Error(`${what}: weights must be non-negative with a positive sum, got ${weights.join(', ')}`);
    }
    return choices[rng.weightedIndex(weights)]!;
}

export function convCount(structure: number[]): number {
    return structure.reduce((a, b) => a + b, 0);
}

/** Banks written after an op: new banks are always the next ones, so the written banks stay a prefix. */
export function readableAfter(readable: number, writes: BankWrite[]): number {
    return readable + writes.filter((w) => w.bank >= readable).length;
}

/** Read counts a family can afford now. */
export function affordableReads(g: BlockGeometry, family: OpFamilySpec, readable: number, remaining: number): number[] {
    return readCountOptions(g, family, readable).filter((r) => sliceCost(g, r) <= remaining);
}

/** A family drawn by weight among those that can run an op now; undefined when none can. */
export function drawFamily(g: BlockGeometry, rng: Random, readable: number, remaining: number) {
    const feasible = blockFamilies(g.space, g.block)
        .filter(({ family }) => affordableReads(g, family, readable, remaining).length > 0 && widthOptions(g, family).length > 0);
    if (feasible.length === 0) return undefined;
    return feasible[rng.weightedIndex(feasible.map((f) => f.choice.weight))]!;
}

/** Uniform over the allowed read counts, clipped to the largest the budget can pay for; banks uniform, ascending. */
export function drawReads(g: BlockGeometry, family: OpFamilySpec, rng: Random, readable: number, remaining: number): number[] {
    let count = rng.pick(readCountOptions(g, family, readable));
    if (sliceCost(g, count) > remaining) count = affordableReads(g, family, readable, remaining).at(-1)!;
    return rng.sample(Array.from({ length: readable }, (_, i) => i), count).sort((a, b) => a - b);
}

/** G with prior ∝ 1 / (0.01 + 10·|G - reads·bs|): output width close to input width. */
export function drawWidth(g: BlockGeometry, family: OpFamilySpec, rng: Random, reads: number): number {
    const options = widthOptions(g, family);
    return options[rng.weightedIndex(options.map((w) => 1 / (0.01 + 10 * Math.abs(w - reads * g.bs))))]!;
}

/**
 * n writes with prior ∝ exp(-(n - G/bs)), targets drawn from the written banks plus the first G/bs
 * empty ones; chosen empty banks are renumbered to the lowest empty ones in draw order, and the
 * j-th drawn target receives output chunk j mod G/bs.
 */
export function drawWrites(g: BlockGeometry, family: OpFamilySpec, rng: Random, readable: number, width: number): BankWrite[] {
    const chunks = width / g.bs;
    const { lo, hi, fresh } = writeCountRange(g, family, readable, width);
    // exp(-(n - G/bs)) relative to n = lo, by repeated division: exact IEEE arithmetic, the same on every JS engine.
    const weights = [1];
    for (let n = lo + 1; n <= hi; n++) weights.push(weights[weights.length - 1]! / Math.E);
    const n = lo + rng.weightedIndex(weights);
    const drawn = rng.sample(Array.from({ length: readable + fresh }, (_, i) => i), n);
    let next = readable;
    return drawn
        .map((bank, j) => ({ bank: bank < readable ? bank : next++, chunk: j % chunks }))
        .sort((a, b) => a.bank - b.bank);
}

/** Per axis a kernel size (annealed), then a dilation under the cap for it; then groups and activation. */
export function drawConv(g: BlockGeometry, family: OpFamilySpec, rng: Random, progress: number): ConvChoice {
    const what = `op '${family.name}'`;
    const kh = drawKernel(g, family, rng, progress, 0);
    const kw = drawKernel(g, family, rng, progress, 1);
    const dh = pickWeighted(rng, dilationOptions(family, kh), `${what} dilation`).value;
    const dw = pickWeighted(rng, dilationOptions(family, kw), `${what} dilation`).value;
    const groups = pickWeighted(rng, groupOptions(g.space, family), `${what} groups dividing unit ${g.space.unit}`).value;
    const activation = pickWeighted(rng, family.activation, `${what} activation`).value;
    return { kernel: [kh, kw], dilation: [dh, dw], groups, activation };
}

/** A kernel size for one axis (0 = height, 1 = width) among the sizes unlocked at `progress`. */
export function drawKernel(g: BlockGeometry, family: OpFamilySpec, rng: Random, progress: number, axis: 0 | 1): number {
    const choices = axis === 0 ? family.kernelHeight : family.kernelWidth;
    let cached = unlocked.get(choices);
    if (cached?.progress !== progress || cached.thresholds !== g.space.train.kernelAnneal) {
        const thresholds = [...g.space.train.kernelAnneal].sort((a, b) => a - b);
        cached = { progress, thresholds: g.space.train.kernelAnneal, choices: annealedKernels(choices, thresholds, progress) };
        unlocked.set(choices, cached);
    }
    return pickWeighted(rng, cached.choices, `op '${family.name}' kernel ${axis === 0 ? 'height' : 'width'}`).value;
}

/** The kernel sizes unlocked at the last progress seen, per kernel set (recomputing them dominated sampling time). */
const unlocked = new WeakMap<Choice<number>[], { progress: number; thresholds: number[]; choices: Choice<number>[] }>();

/** The drawn fields of an op; buildOp derives the rest. */
export type OpFields = Pick<OpArchitecture, 'family' | 'reads' | 'width' | 'writes' | 'structure' | 'convs'>;

/** Completes an op with its derived values (bottleneck, channel counts, position in the encoding) and sources. */
export function buildOp(g: BlockGeometry, fields: OpFields, sliceStart: number): OpArchitecture {
    const { unit, slice } = g.space;
    const family = g.space.ops[fields.family]!;
    const nIn = fields.reads.length * g.bs * unit;
    const nOut = fields.width * unit;
    const bottleneck = bottleneckChoice(family, nIn, nOut).value;
    const { reads, width, writes, structure, convs } = fields;
    return {
        family: family.name, reads, width, writes, structure, convs, bottleneck, nIn, nB: bottleneck * nOut,
        sliceStart, rowStart: sliceStart * slice * unit,
        sources: opSources(g.space, g.block, { family: family.name, structure, bottleneck, convs }),
    };
}
