/**
 * The rules that decide which architectures a space allows, shared by the sampler, perturbation,
 * validation, encoding and cost counting so they cannot drift apart. Spec §2.2-2.3, with the
 * space's knobs in place of the released code's constants.
 */
import type { BankWrite, OpSources } from './architecture.js';
import type { BlockSpec, BudgetSpec, Choice, OpFamilySpec, SearchSpace } from './space.js';

/** A block's memory once its bank size is fixed. */
export interface BlockGeometry {
    space: SearchSpace;
    block: BlockSpec;
    /** Bank size in units of N. */
    bs: number;
    numBanks: number;
    initialBanks: number;
    /** Smallest read count r with r·bs a multiple of D (so an op's 1x1 input fills whole slices). */
    minReads: number;
    /** N_max / N: the widest op output in units. */
    k: number;
}

function gcd(a: number, b: number): number {
    while (b !== 0) [a, b] = [b, a % b];
    return a;
}

export function geometry(space: SearchSpace, block: BlockSpec, bs: number): BlockGeometry {
    return {
        space, block, bs,
        numBanks: Math.floor(block.maxBanks / bs),
        initialBanks: Math.floor(block.inChannels / (bs * space.unit)),
        minReads: space.slice / gcd(bs, space.slice),
        k: Math.floor(space.maxWidth / space.unit),
    };
}

/** The op families a block draws from, with the `ops` entry that named each. */
export function blockFamilies(space: SearchSpace, block: BlockSpec): { choice: Choice<string>; family: OpFamilySpec }[] {
    return block.ops.map((choice) => {
        const family = space.ops[choice.value];
        if (!family) throw new Error(`block '${block.name}' uses op family '${choice.value}', which the space does not define`);
        return { choice, family };
    });
}

/**
 * Why a bank size cannot be used in a block, or undefined if it can. Besides fitting the block
 * input and N_max, the input must fill enough banks for the first op's minimum read count (the
 * spec's "odd sizes only with >= D input banks", generalised to any D), and some family must be
 * able to run with it.
 */
export function bankSizeProblem(space: SearchSpace, block: BlockSpec, bs: number): string | undefined {
    if (!Number.isInteger(bs) || bs < 1) return `bank size ${bs} is not a positive integer`;
    const g = geometry(space, block, bs);
    if (bs * space.unit > block.inChannels) return `bank size ${bs} (${bs * space.unit} channels) is wider than the block input (${block.inChannels} channels)`;
    if (bs * space.unit > space.maxWidth) return `bank size ${bs} (${bs * space.unit} channels) is wider than maxWidth ${space.maxWidth}`;
    if (g.initialBanks < g.minReads) return `bank size ${bs} gives ${g.initialBanks} input bank(s), fewer than the ${g.minReads} an op must read to fill whole slices of D = ${space.slice} units`;
    if (g.initialBanks > g.numBanks) return `bank size ${bs}: the block input needs ${g.initialBanks} banks but maxBanks ${block.maxBanks} allows only ${g.numBanks}`;
    const runnable = blockFamilies(space, block).some(({ family }) =>
        readCountOptions(g, family, g.initialBanks).length > 0 && widthOptions(g, family).length > 0);
    if (!runnable) return `bank size ${bs}: no op family of the block can read and write with it`;
    return undefined;
}

/** The upper bound of the budget fraction at training progress p in [0, 1] (spec §2.2 annealing). */
export function budgetUpperBound(budget: BudgetSpec, progress: number): number {
    const anneal = budget.anneal;
    let upper = budget.max;
    if (anneal && anneal.over > 0 && progress < anneal.over) {
        upper = anneal.start + (budget.max - anneal.start) * (progress / anneal.over);
    }
    return Math.max(budget.min, upper);
}

/** Budget in slices of D·N input channels for fraction b (spec: floor(b·total / (N·D))). */
export function budgetSlices(space: SearchSpace, block: BlockSpec, fraction: number): number {
    return Math.floor((fraction * block.budget.total) / (space.unit * space.slice) + 1e-9);
}

/** Encoding columns (slices) an op reading r banks uses: r·bs/D. */
export function sliceCost(g: BlockGeometry, reads: number): number {
    return (reads * g.bs) / g.space.slice;
}

/** Read counts a family allows with `readable` written banks, ascending (not yet clipped by the budget). */
export function readCountOptions(g: BlockGeometry, family: OpFamilySpec, readable: number): number[] {
    const out: number[] = [];
    const high = Math.min(family.reads.max, readable);
    for (let r = g.minReads; r <= high; r += g.minReads) if (r >= family.reads.min) out.push(r);
    return out;
}

/** G values (units) for a family: multiples of bs up to N_max/N, with G/bs chunks that the banks and `writes` can hold. */
export function widthOptions(g: BlockGeometry, family: OpFamilySpec): number[] {
    const out: number[] = [];
    const maxChunks = Math.min(g.numBanks, family.writes.max);
    for (let w = g.bs; w <= g.k && w / g.bs <= maxChunks; w += g.bs) out.push(w);
    return out;
}

/**
 * The write-count range of an op of width G with `readable` written banks: the spec's
 * [G/bs, max(readable//2, G/bs)], clipped by the family's `writes` bounds and by the targets
 * available (the readable banks plus the first G/bs empty ones). `fresh` is how many empty banks
 * may be targeted; `limit` is the most writes validation accepts (the family's maximum or the
 * targets, whichever is lower: a perturbed op may keep more writes than the sampler would draw).
 */
export function writeCountRange(g: BlockGeometry, family: OpFamilySpec, readable: number, width: number): { lo: number; hi: number; fresh: number; limit: number } {
    const chunks = width / g.bs;
    const fresh = Math.min(chunks, g.numBanks - readable);
    const targets = readable + fresh;
    const lo = Math.min(Math.max(chunks, family.writes.min), targets);
    const hi = Math.min(Math.max(lo, Math.min(Math.max(Math.floor(readable / 2), chunks), family.writes.max)), targets);
    return { lo, hi, fresh, limit: Math.min(family.writes.max, targets) };
}

/** Why a list of writes is not allowed for an op (see writeCountRange), or undefined. */
export function writesProblem(g: BlockGeometry, family: OpFamilySpec, readable: number, width: number, writes: BankWrite[]): string | undefined {
    const chunks = width / g.bs;
    const { lo, fresh, limit } = writeCountRange(g, family, readable, width);
    if (writes.length < lo || writes.length > limit) return `${writes.length} writes; this op allows ${lo}..${limit}`;
    const counts = new Array<number>(chunks).fill(0);
    for (let j = 0; j < writes.length; j++) {
        const { bank, chunk } = writes[j]!;
        if (!Number.isInteger(bank) || bank < 0) return `bank ${bank} is not a bank index`;
        if (j > 0 && bank <= writes[j - 1]!.bank) return 'banks must be distinct and ascending';
        if (!Number.isInteger(chunk) || chunk < 0 || chunk >= chunks) return `chunk ${chunk} is outside 0..${chunks - 1}`;
        counts[chunk]!++;
    }
    const created = writes.filter((w) => w.bank >= readable).map((w) => w.bank);
    if (created.length > fresh || created.some((b, i) => b !== readable + i)) {
        return `new banks must be the lowest empty ones, at most ${fresh} from bank ${readable} on; got ${created.join(', ')}`;
    }
    // The j-th write receives chunk j mod G/bs, so chunk c is written floor((n - 1 - c) / chunks) + 1 times.
    for (let c = 0; c < chunks; c++) {
        if (counts[c] !== Math.floor((writes.length - 1 - c) / chunks) + 1) return `chunk ${c} is written ${counts[c]} times; the j-th write must receive chunk j mod ${chunks}`;
    }
    return undefined;
}

/**
 * Values of a kernel set unlocked at progress p: sizes unlock one by one, smallest first, at the
 * ascending `thresholds`; once every threshold has passed, all sizes are allowed.
 */
export function annealedKernels(choices: Choice<number>[], thresholds: number[], progress: number): Choice<number>[] {
    const sizes = [...new Set(choices.map((c) => c.value))].sort((a, b) => a - b);
    const passed = thresholds.filter((t) => progress >= t).length;
    const unlocked = passed >= thresholds.length ? sizes.length : Math.min(sizes.length, passed + 1);
    return choices.filter((c) => c.value <= sizes[unlocked - 1]!);
}

/** Largest dilation for kernel size k: d <= (R + 1)/2 - (k - 1)/2, which keeps the receptive field within R. */
export function dilationCap(family: OpFamilySpec, kernel: number): number {
    return Math.floor((family.receptiveField + 1) / 2 - (kernel - 1) / 2);
}

/** Dilations allowed with kernel size k; when the set has none under the cap, its smallest value (the cap is then exceeded). */
export function dilationOptions(family: OpFamilySpec, kernel: number): Choice<number>[] {
    const cap = dilationCap(family, kernel);
    const within = family.dilation.filter((c) => c.value <= cap);
    if (within.length > 0) return within;
    const smallest = Math.min(...family.dilation.map((c) => c.value));
    return family.dilation.filter((c) => c.value === smallest);
}

/** Groups that divide N (so they divide every conv's channel count). */
export function groupOptions(space: SearchSpace, family: OpFamilySpec): Choice<number>[] {
    return family.groups.filter((c) => c.value >= 1 && space.unit % c.value === 0);
}

/** The 1x1 ratio: the largest allowed one not above floor(nIn / nOut), else the smallest allowed (space.ts). */
export function bottleneckChoice(family: OpFamilySpec, nIn: number, nOut: number): Choice<number> {
    const q = Math.floor(nIn / nOut);
    let best: Choice<number> | undefined;
    let smallest: Choice<number> | undefined;
    for (const c of family.bottleneck) {
        if (c.value <= q && (!best || c.value > best.value)) best = c;
        if (!smallest || c.value < smallest.value) smallest = c;
    }
    if (!smallest) throw new Error(`op family '${family.name}' has no bottleneck ratio`);
    return best ?? smallest;
}

/** The first choice with a value; the sources of an architecture point at it. */
export function choiceOf<T>(choices: Choice<T>[], value: T, what: string): Choice<T> {
    const same = Array.isArray(value)
        ? (c: Choice<T>) => JSON.stringify(c.value) === JSON.stringify(value)
        : (c: Choice<T>) => c.value === value;
    const found = choices.find(same);
    if (!found) throw new Error(`${what}: ${JSON.stringify(value)} is not one of {${choices.map((c) => JSON.stringify(c.value)).join(', ')}}`);
    return found;
}

/** The sources of an op's values (throws naming the field if a value is not in the family). */
export function opSources(space: SearchSpace, block: BlockSpec, op: {
    family: string; structure: number[]; bottleneck: number; convs: { kernel: number[]; dilation: number[]; groups: number; activation: string }[];
}): OpSources {
    const family = space.ops[op.family]!;
    return {
        definition: family.at,
        family: choiceOf(block.ops, op.family, 'family').at,
        structure: choiceOf(family.structures, op.structure, 'structure').at,
        bottleneck: choiceOf(family.bottleneck, op.bottleneck, 'bottleneck').at,
        convs: op.convs.map((conv, i) => ({
            kernel: [choiceOf(family.kernelHeight, conv.kernel[0]!, `convs[${i}].kernel[0]`).at, choiceOf(family.kernelWidth, conv.kernel[1]!, `convs[${i}].kernel[1]`).at],
            dilation: [choiceOf(family.dilation, conv.dilation[0]!, `convs[${i}].dilation[0]`).at, choiceOf(family.dilation, conv.dilation[1]!, `convs[${i}].dilation[1]`).at],
            groups: choiceOf(family.groups, conv.groups, `convs[${i}].groups`).at,
            activation: choiceOf(family.activation as Choice<string>[], conv.activation, `convs[${i}].activation`).at,
        })),
    };
}
