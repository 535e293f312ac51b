/**
 * The distribution of what a space draws: params and MACs (five-number summaries and histograms),
 * ops per block, and how often each value of each knob was drawn. Every knob value keeps the
 * SourceRef of its text, so a chart bar leads back to the `.smash` file like a diagram chip does.
 * Values the space allows but no draw used are listed with count 0: a kernel size the dilation cap
 * or a budget never lets through is worth seeing.
 */
import type { SampledArchitecture } from './sample-space.js';
import type { Choice, SearchSpace, SourceRef } from './space.js';

/** Five-number summary; quartiles interpolate linearly between order statistics. */
export interface Spread {
    min: number;
    q1: number;
    median: number;
    q3: number;
    max: number;
}

/** `counts[i]` values fell in [lo + i·w, lo + (i+1)·w) with w = (hi - lo) / counts.length; the last bin includes hi. */
export interface Histogram {
    lo: number;
    hi: number;
    counts: number[];
}

export interface KnobValueCount {
    /** The value as the .smash file writes it: `3`, `relu`, `(2, 1)`. */
    value: string;
    count: number;
    at: SourceRef;
}

export interface KnobStats {
    /** Where the knob is set: `block b1` or `op basic`. */
    scope: string;
    /** `bankSize`, `ops`, `structure`, `bottleneck`, `kernel` (or `kernel height` / `kernel width`), `dilation`, `groups`, `activation`. */
    knob: string;
    /** Draws of this knob in all samples (one per op or conv, both axes for dilation): the denominator of the counts. */
    draws: number;
    /** In the order the file writes them. */
    values: KnobValueCount[];
}

export interface OpsPerBlock {
    block: string;
    spread: Spread;
    /** `counts[n]`: samples whose block has n ops. */
    counts: number[];
}

export interface SampleStats {
    samples: number;
    params: Spread & { histogram: Histogram };
    macs: Spread & { histogram: Histogram };
    opsPerBlock: OpsPerBlock[];
    knobs: KnobStats[];
}

export const HISTOGRAM_BINS = 16;

export function sampleStats(space: SearchSpace, samples: SampledArchitecture[]): SampleStats {
    if (samples.length === 0) throw new RangeError('sample statistics need at least one architecture');
    const summary = (values: number[]) => ({ ...spread(values), histogram: histogram(values, HISTOGRAM_BINS) });
    return {
        samples: samples.length,
        params: summary(samples.map((s) => s.params)),
        macs: summary(samples.map((s) => s.macs)),
        opsPerBlock: space.blocks.map((block, b) => {
            const ops = samples.map((s) => s.architecture.blocks[b]?.ops.length ?? 0);
            const counts = new Array<number>(Math.max(...ops) + 1).fill(0);
            for (const n of ops) counts[n]!++;
            return { block: block.name, spread: spread(ops), counts };
        }),
        knobs: knobStats(space, samples),
    };
}

export function spread(values: readonly number[]): Spread {
    if (values.length === 0) throw new RangeError('a spread needs at least one value');
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => {
        const position = q * (sorted.length - 1);
        const low = Math.floor(position);
        const high = Math.min(low + 1, sorted.length - 1);
        return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
    };
    return { min: sorted[0]!, q1: at(0.25), median: at(0.5), q3: at(0.75), max: sorted[sorted.length - 1]! };
}

export function histogram(values: readonly number[], bins: number): Histogram {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) counts[hi === lo ? 0 : Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]!++;
    return { lo, hi, counts };
}

/** Tallies per knob, keyed by the value's source so that equal values written in two places stay apart. */
class Tally {
    private readonly knobs = new Map<string, { scope: string; knob: string; draws: number; values: Map<string, KnobValueCount> }>();

    /** Lists a knob's allowed values (count 0) before any draw, in the file's order. */
    declare<T>(scope: string, knob: string, choices: Choice<T>[]): void {
        for (const c of choices) this.entry(scope, knob, text(c.value), c.at);
    }

    draw(scope: string, knob: string, value: unknown, at: SourceRef): void {
        this.entry(scope, knob, text(value), at).count++;
        this.knobs.get(`${scope}\0${knob}`)!.draws++;
    }

    result(): KnobStats[] {
        return [...this.knobs.values()].map(({ scope, knob, draws, values }) => ({
            scope, knob, draws, values: [...values.values()].sort((a, b) => compareSource(a.at, b.at)),
        }));
    }

    private entry(scope: string, knob: string, value: string, at: SourceRef): KnobValueCount {
        const key = `${scope}\0${knob}`;
        let k = this.knobs.get(key);
        if (!k) this.knobs.set(key, (k = { scope, knob, draws: 0, values: new Map() }));
        const valueKey = `${value}\0${at.uri}:${at.range.start.line}:${at.range.start.character}`;
        let v = k.values.get(valueKey);
        if (!v) k.values.set(valueKey, (v = { value, count: 0, at }));
        return v;
    }
}

function knobStats(space: SearchSpace, samples: SampledArchitecture[]): KnobStats[] {
    const tally = new Tally();
    // One `kernel` knob when both axes come from the same set, else one per axis (`kernel {3, 5} x {1, 3}`).
    const kernelNames = new Map<string, [string, string]>();
    const kernelKnobs = (name: string): [string, string] => {
        let names = kernelNames.get(name);
        if (!names) {
            const f = space.ops[name]!;
            names = sameSources(f.kernelHeight, f.kernelWidth) ? ['kernel', 'kernel'] : ['kernel height', 'kernel width'];
            kernelNames.set(name, names);
        }
        return names;
    };
    space.blocks.forEach((block) => {
        tally.declare(`block ${block.name}`, 'bankSize', block.bankSizes);
        tally.declare(`block ${block.name}`, 'ops', block.ops);
    });
    const families = [...new Set(space.blocks.flatMap((b) => b.ops.map((c) => c.value)))].filter((name) => space.ops[name]);
    for (const name of families) {
        const f = space.ops[name]!;
        const scope = `op ${name}`;
        const [kh, kw] = kernelKnobs(name);
        tally.declare(scope, 'structure', f.structures);
        tally.declare(scope, 'bottleneck', f.bottleneck);
        tally.declare(scope, kh, f.kernelHeight);
        tally.declare(scope, kw, f.kernelWidth);
        tally.declare(scope, 'dilation', f.dilation);
        tally.declare(scope, 'groups', f.groups);
        tally.declare(scope, 'activation', f.activation);
    }
    for (const { architecture } of samples) {
        architecture.blocks.forEach((block, b) => {
            const blockScope = `block ${space.blocks[b]!.name}`;
            tally.draw(blockScope, 'bankSize', block.bankSize, block.sources.bankSize);
            for (const op of block.ops) {
                const scope = `op ${op.family}`;
                const [kh, kw] = kernelKnobs(op.family);
                tally.draw(blockScope, 'ops', op.family, op.sources.family);
                tally.draw(scope, 'structure', op.structure, op.sources.structure);
                tally.draw(scope, 'bottleneck', op.bottleneck, op.sources.bottleneck);
                op.convs.forEach((conv, i) => {
                    const at = op.sources.convs[i]!;
                    tally.draw(scope, kh, conv.kernel[0], at.kernel[0]);
                    tally.draw(scope, kw, conv.kernel[1], at.kernel[1]);
                    tally.draw(scope, 'dilation', conv.dilation[0], at.dilation[0]);
                    tally.draw(scope, 'dilation', conv.dilation[1], at.dilation[1]);
                    tally.draw(scope, 'groups', conv.groups, at.groups);
                    tally.draw(scope, 'activation', conv.activation, at.activation);
                });
            }
        });
    }
    return tally.result();
}

/** A structure [2, 1] reads `(2, 1)` as in the file; numbers and names as they are. */
function text(value: unknown): string {
    return Array.isArray(value) ? `(${value.join(', ')})` : String(value);
}

function sameSources<T>(a: Choice<T>[], b: Choice<T>[]): boolean {
    return a.length === b.length && a.every((c, i) => compareSource(c.at, b[i]!.at) === 0);
}

function compareSource(a: SourceRef, b: SourceRef): number {
    return a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
