/**
 * A sampled SMASH architecture as plain JSON data: per block the bank layout and budget, per op
 * what it reads, how wide it is, where it writes and the convs after its 1x1 reduction.
 *
 * Units follow space.ts: bank sizes and op widths are in units of N (the space's `unit`), channel
 * counts (`nIn`, `nB`) are plain channels. Banks are numbered from 0 within a block; banks
 * 0..initialBanks-1 hold the block input, the others fill up in order as ops write to them.
 *
 * Every sampled value keeps the `SourceRef` of the `.smash` text that allowed it (`sources`), so an
 * architecture can be traced back to its space down to the single value of a value set.
 */
import type { Activation, SourceRef } from './space.js';

/** One conv after the 1x1 reduction (pre-activation: `activation`, then the conv). */
export interface ConvChoice {
    /** [height, width], odd. */
    kernel: [number, number];
    /** [height, width]. */
    dilation: [number, number];
    groups: number;
    activation: Activation;
}

/** An op writes output chunk `chunk` (bankSize·N channels wide) into bank `bank`: set if empty, added if not. */
export interface BankWrite {
    bank: number;
    chunk: number;
}

export interface ConvSources {
    kernel: [SourceRef, SourceRef];
    dilation: [SourceRef, SourceRef];
    groups: SourceRef;
    activation: SourceRef;
}

export interface OpSources {
    /** The `op` family definition. */
    definition: SourceRef;
    /** The block's `ops` entry that named this family. */
    family: SourceRef;
    structure: SourceRef;
    bottleneck: SourceRef;
    /** Parallel to `OpArchitecture.convs`. */
    convs: ConvSources[];
}

export interface OpArchitecture {
    family: string;
    /** Bank indices read, ascending; the 1x1 input is their concatenation in this order. */
    reads: number[];
    /** G: output width in units of N (a multiple of the bank size, at most N_max/N). */
    width: number;
    /** Ascending by bank; every chunk 0..G/bankSize-1 is written at least once. */
    writes: BankWrite[];
    /** Conv counts of the parallel paths, e.g. [2, 1]. */
    structure: number[];
    /** sum(structure) convs, path by path: path 0's convs in depth order, then path 1's, ... */
    convs: ConvChoice[];
    /** 1x1 bottleneck ratio: nB = bottleneck·G·N. */
    bottleneck: number;
    /** 1x1 input channels: reads.length·bankSize·N. */
    nIn: number;
    /**
     * 1x1 output channels of the network trained from scratch: bottleneck·G·N as space.ts defines it
     * (the released code also capped it at nIn and 2·N_max). The SMASH net may generate fewer
     * columns, see generatedColumns in hypernet-mapping.ts.
     */
    nB: number;
    /** First column of this op in the architecture encoding (global over blocks); it spans nIn/(D·N) columns. */
    sliceStart: number;
    /** First row of this op's 1x1 weight in the generated matrix: sliceStart·D·N. */
    rowStart: number;
    sources: OpSources;
}

export interface BlockSources {
    block: SourceRef;
    bankSize: SourceRef;
    budget: SourceRef;
}

export interface BlockArchitecture {
    /** Channels per bank, in units of N. */
    bankSize: number;
    /** floor(maxBanks / bankSize). */
    numBanks: number;
    /** floor(inChannels / (bankSize·N)) banks pre-filled with the block input; leftover input channels are dropped. */
    initialBanks: number;
    /** b, the drawn fraction of the block's full 1x1 budget. */
    budgetFraction: number;
    /** floor(b·total / (N·D)): the most slices of D·N 1x1 input channels the block's ops may use together. */
    budgetSlices: number;
    ops: OpArchitecture[];
    sources: BlockSources;
}

export interface Architecture {
    version: 1;
    blocks: BlockArchitecture[];
}

/** An architecture without its `sources`, as files meant for other checkouts store it. */
export interface StoredArchitecture {
    version: 1;
    blocks: Array<Omit<BlockArchitecture, 'sources' | 'ops'> & { ops: Array<Omit<OpArchitecture, 'sources'>> }>;
}

/**
 * The architecture without `sources`: they hold this checkout's absolute file URIs and make up most
 * of its JSON, and validateArchitecture re-derives them from whichever space file reads it back.
 */
export function withoutSources(arch: Architecture): StoredArchitecture {
    return {
        version: arch.version,
        blocks: arch.blocks.map(({ sources: _block, ops, ...block }) => ({ ...block, ops: ops.map(({ sources: _op, ...op }) => op) })),
    };
}

/**
 * A stable id of the network an architecture describes: a 64-bit hash of its canonical JSON
 * (sorted keys) without `sources` and without the budget draw, so the same network keeps its id
 * when the `.smash` file is edited around it or when it was reached from another budget fraction.
 */
export function architectureId(arch: Architecture): string {
    const network = arch.blocks.map((block) => ({
        bankSize: block.bankSize,
        numBanks: block.numBanks,
        initialBanks: block.initialBanks,
        ops: block.ops.map(({ sources: _sources, ...op }) => op),
    }));
    return hash64(canonicalJson(network));
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}

/** Two 32-bit multiply-xorshift lanes (cyrb53-style mixing), as 16 hex digits. */
function hash64(text: string): string {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 2654435761);
        h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
