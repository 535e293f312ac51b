/**
 * Derived numbers of a search space, shown in hover and reports: how large it is, what its
 * architectures cost, and the shapes the HyperNet works with.
 */
import type { Architecture } from './architecture.js';
import { bankSizeProblem, dilationOptions, geometry, groupOptions, readCountOptions, sliceCost, widthOptions, writeCountRange } from './architecture-rules.js';
import { countFreeParams, countHypernetParams, countMacs, countParams } from './cost.js';
import { encodingLayout } from './encoding.js';
import { hypernetOutputChannels } from './hypernet-mapping.js';
import { Random } from '../random.js';
import { readableAfter, sampleArchitecture } from './sampler.js';
import type { SearchSpace } from './space.js';

export interface SpaceStats {
    /** log10 of the number of distinct architectures the sampler can draw (an estimate where exact counting is infeasible). */
    log10Architectures: number;
    /** Parameters of sampled architectures trained from scratch (min, mean, max over the samples). */
    params: { min: number; mean: number; max: number };
    /** Multiply-accumulates per image of sampled architectures. */
    macs: { min: number; mean: number; max: number };
    /** Architecture code c: [1, C, k, S] = [batch, channels, output units N_max/N, slices]. */
    encodingShape: [number, number, number, number];
    /** HyperNet output: [1, multiplier·N²·D, k, S]. */
    hypernetOutputShape: [number, number, number, number];
    /** Parameters of the HyperNet itself and of the freely learned weights of the SMASH network. */
    hypernetParams: number;
    freeParams: number;
    /** Full 1x1 budget of each block in slices of D·N input channels. */
    slicesPerBlock: number[];
    /** Architectures sampled to estimate the ranges above. */
    samples: number;
}

/**
 * Samples `samples` architectures at the end of training (all kernels unlocked, full budget range)
 * from a stream seeded by the space's seed, so hover shows the same numbers every time.
 */
export function estimateSpaceStats(space: SearchSpace, samples = 32): SpaceStats {
    if (!(Number.isInteger(samples) && samples >= 1)) throw new RangeError(`samples must be a positive integer, got ${samples}`);
    const rng = new Random(`${space.seed}:space-stats`);
    const archs = Array.from({ length: samples }, () => sampleArchitecture(space, rng));
    const layout = encodingLayout(space);
    const slicesPerBlock = space.blocks.map((b) => Math.floor(b.budget.total / (space.unit * space.slice)));
    const totalSlices = slicesPerBlock.reduce((a, b) => a + b, 0);
    return {
        log10Architectures: mean(archs.map((a) => log10Choices(space, a))),
        params: summary(archs.map((a) => countParams(space, a))),
        macs: summary(archs.map((a) => countMacs(space, a))),
        encodingShape: [1, layout.channels, layout.rows, totalSlices],
        hypernetOutputShape: [1, hypernetOutputChannels(space), layout.rows, totalSlices],
        hypernetParams: countHypernetParams(space),
        freeParams: countFreeParams(space),
        slicesPerBlock,
        samples,
    };
}

function mean(values: number[]): number {
    return values.reduce((a, b) => a + b, 0) / values.length;
}

function summary(values: number[]): { min: number; mean: number; max: number } {
    return { min: Math.min(...values), mean: mean(values), max: Math.max(...values) };
}

function binomial(n: number, r: number): number {
    let c = 1;
    for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
    return c;
}

/**
 * An estimate, not a count: log10 of the number of ways the sampler could have decided each step
 * of this architecture (bank size; per op the family, the read set among the affordable read
 * counts, G, the write targets, the structure and every conv's kernels, dilations, groups and
 * activation), summed over its ops. Averaged over samples this is about the expected op count
 * times the mean log10 of the choices per op. It over-counts decision paths that give the same
 * network and ignores that the op count varies, so read it as an order of magnitude.
 */
function log10Choices(space: SearchSpace, arch: Architecture): number {
    let total = 0;
    arch.blocks.forEach((block, i) => {
        const spec = space.blocks[i]!;
        total += Math.log10(spec.bankSizes.filter((c) => bankSizeProblem(space, spec, c.value) === undefined).length);
        const g = geometry(space, spec, block.bankSize);
        let readable = block.initialBanks;
        let used = 0;
        for (const op of block.ops) {
            const family = space.ops[op.family]!;
            const remaining = block.budgetSlices - used;
            const readSets = readCountOptions(g, family, readable)
                .filter((r) => sliceCost(g, r) <= remaining)
                .reduce((sum, r) => sum + binomial(readable, r), 0);
            const { lo, hi, fresh } = writeCountRange(g, family, readable, op.width);
            let writeSets = 0;
            for (let n = lo; n <= hi; n++) writeSets += binomial(readable + fresh, n);
            total += Math.log10(spec.ops.length * readSets * widthOptions(g, family).length * writeSets * family.structures.length);
            for (const conv of op.convs) {
                total += Math.log10(family.kernelHeight.length * family.kernelWidth.length * dilationOptions(family, conv.kernel[0]).length
                    * dilationOptions(family, conv.kernel[1]).length * groupOptions(space, family).length * family.activation.length);
            }
            used += sliceCost(g, op.reads.length);
            readable = readableAfter(readable, op.writes);
        }
    });
    return total;
}
