/**
 * The sizes of a correlation benchmark (issues 6 and 9, spec §11 claims 1, 2 and 4) and how they
 * turn into the space the benchmark trains and retrains with; `scale` multiplies the pool, the
 * spread set, the epochs and the data for a faster machine (a GPU).
 *
 * The defaults fit `npm run bench:correlation` (examples/fashion-tiny.smash) in 90 minutes on 2
 * cores of the wasm backend: the example's own data sizes (10,000 training and 1,000 validation
 * images), every network tested on the whole 10,000-image test pool, and each retrained for 2
 * epochs as the quick run does, 4 networks at a time. The default run of 2026-12-04 took
 * 1 h 10 min on idle cores: data and SMASH training 6.1 min, scoring 120 architectures 6.7 min,
 * 48 retrainings 57.1 min. Earlier defaults (a pool of 40; before that, 5,000 images for 1 or 3
 * epochs, 500 validation images, retrained one at a time over 2 data-parallel workers) and what
 * they measured are in docs/results/correlation-notes.md.
 */
import { applyOverrides, overrideProblems } from '../train/run-plan.js';
import { DATASET_POOLS } from '../data/pools.js';
import type { ScoreNorm, SearchSpace } from '../space/space.js';

export interface BenchConfig {
    seed: number;
    /** K: random architectures scored with the trained SMASH network. */
    candidates: number;
    /** M: architectures evenly spread over the score range, retrained from scratch. */
    spread: number;
    /** k of "top-k vs random-k". */
    k: number;
    smashEpochs: number;
    retrainEpochs: number;
    train: number;
    validation: number;
    test: number;
    /** Multiplier already folded into the sizes above (recorded for the report). */
    scale: number;
    /** Bootstrap resamples for the confidence intervals. */
    resamples: number;
    /** Data-parallel worker threads per SMASH training step, and per retraining step when `parallel` is 1 (results depend on it: BN per shard). */
    workers: number;
    /**
     * Retrainings at once on wasm and cpu, each whole on one thread ('auto': twice the cores of the
     * machine it runs on); 1 retrains one after another, each step split over `workers`. Above 1 the
     * numbers do not depend on it.
     */
    parallel: number | 'auto';
    /** BN statistics when scoring, in place of the space's `search { norm }`. */
    norm?: ScoreNorm;
}

/** Sized for 90 minutes on 2 cores (arithmetic above). */
export const DEFAULT_BENCH: Omit<BenchConfig, 'seed'> = {
    // Scoring is cheap next to retraining (40 took 1.5 min), and a larger pool gives the sign tests
    // more architectures and the spread set a wider score range to span.
    candidates: 120,
    spread: 20,
    k: 3,
    smashEpochs: 10,
    retrainEpochs: 2,
    train: 10000,
    validation: 1000,
    test: 10000,
    scale: 1,
    resamples: 2000,
    workers: 2,
    parallel: 'auto',
};

/** Every retrained network is trained with these many seeds: the benchmark's seed, seed + 1, ... */
export const RETRAIN_SEEDS = 2;

/** The seeds each network is retrained with. */
export function retrainSeeds(config: Pick<BenchConfig, 'seed'>): number[] {
    return Array.from({ length: RETRAIN_SEEDS }, (_, i) => config.seed + i);
}

/** Test images every dataset holds: a benchmark testing on this many cannot test on more. */
export const SMALLEST_TEST_POOL = Math.min(...Object.values(DATASET_POOLS).map((pool) => pool.test));

export class BenchConfigError extends Error {}

/**
 * The configuration for `overrides` on top of the defaults, then scaled. The validation and
 * training images come from one pool, so scaling keeps their sum within it.
 */
export function benchConfig(space: SearchSpace, overrides: Partial<BenchConfig>): BenchConfig {
    const base: BenchConfig = { ...DEFAULT_BENCH, seed: space.seed, ...overrides, scale: 1 };
    const scale = overrides.scale ?? 1;
    if (!(scale >= 1) || !Number.isFinite(scale)) throw new BenchConfigError(`--scale must be a number >= 1, got ${scale}`);
    // Scaled sizes are capped at what the dataset's files hold.
    const { train: trainPool, test: testPool } = DATASET_POOLS[space.data.kind];
    const times = (n: number) => Math.round(n * scale);
    const validation = Math.min(times(base.validation), Math.floor(trainPool / 6));
    const config: BenchConfig = {
        ...base,
        scale,
        candidates: times(base.candidates),
        spread: times(base.spread),
        smashEpochs: times(base.smashEpochs),
        retrainEpochs: times(base.retrainEpochs),
        train: Math.min(times(base.train), trainPool - validation),
        validation,
        test: Math.min(times(base.test), testPool),
    };
    checkConfig(config);
    const problems = overrideProblems(space, { train: config.train, validation: config.validation });
    if (problems.length > 0) throw new BenchConfigError(problems.join('; '));
    return config;
}

function checkConfig(c: BenchConfig): void {
    const positive: Array<Exclude<keyof BenchConfig, 'norm' | 'parallel'>> = ['candidates', 'spread', 'k', 'smashEpochs', 'retrainEpochs', 'train', 'validation', 'test', 'resamples', 'workers'];
    for (const key of positive) {
        const value = c[key];
        if (!Number.isInteger(value) || value < 1) throw new BenchConfigError(`bench ${key} must be a whole number >= 1, got ${value}`);
    }
    if (c.parallel !== 'auto' && (!Number.isInteger(c.parallel) || c.parallel < 1)) {
        throw new BenchConfigError(`bench parallel must be a whole number >= 1 or 'auto', got ${c.parallel}`);
    }
    if (c.spread < 3) throw new BenchConfigError(`bench spread (M) must be at least 3 to measure a rank correlation, got ${c.spread}`);
    if (c.spread > c.candidates) throw new BenchConfigError(`bench spread (M = ${c.spread}) cannot exceed the scored candidates (K = ${c.candidates})`);
    if (c.k > c.candidates) throw new BenchConfigError(`bench k (${c.k}) cannot exceed the scored candidates (K = ${c.candidates})`);
}

/** The space as the benchmark uses it: the benchmark's seed, data sizes, epochs and scoring norm. */
export function benchSpace(space: SearchSpace, c: BenchConfig): SearchSpace {
    const sized = applyOverrides(space, {
        seed: c.seed, epochs: c.smashEpochs, retrainEpochs: c.retrainEpochs,
        train: c.train, validation: c.validation, test: c.test,
    });
    return c.norm ? { ...sized, search: { ...sized.search, norm: c.norm } } : sized;
}
