/**
 * The numbers of a correlation benchmark, from its scored and retrained architectures:
 *   - rank correlation (Spearman rho, Kendall tau-b, percentile bootstrap CIs) between a predictor
 *     and retrained test error over the evenly spread set, for the SMASH score and for two
 *     baselines that need no training: parameter count and MACs. Bigger networks are predicted to
 *     be better, so the baselines correlate -params and -MACs with error; for every predictor a
 *     positive coefficient means "orders architectures the way training does";
 *   - the same for the better-scored half of the spread set (GHN's "top 50" view);
 *   - top-k vs random-k: mean retrained error of the k best-scored against k drawn at random,
 *     and how often a top-k network beats a random-k one (over all k x k pairs);
 *   - the paired SMASH-score difference corrupted code minus true code over the whole pool.
 */
import { Random } from '../random.js';
import { correlatePredictors, type Predictor, type PredictorCorrelation } from '../correlation.js';
import { bootstrap, type Interval } from '../stats.js';
import { byScore } from './select.js';

export interface PoolEntry {
    id: string;
    /** Position in the pool's draw order. */
    index: number;
    score: number;
    loss: number;
    corruptedScore: number;
    params: number;
    macs: number;
}

export interface Retrained {
    testError: number;
    valError: number;
    seconds: number;
}

export type Correlation = PredictorCorrelation;
export type { Predictor };

export interface TopVsRandom {
    k: number;
    topMean: number;
    randomMean: number;
    /** randomMean - topMean: positive when selection by score beats chance. */
    advantage: number;
    /** Fraction of (top, random) pairs where the top-k network has the lower error (ties count half). */
    beatsRandom: number;
}

export interface CorruptionTest {
    n: number;
    /** Mean of corrupted - true SMASH score (error fractions); positive when the true code helps. */
    meanDifference: Interval;
    worse: number;
    same: number;
    better: number;
}

export interface BenchAnalysis {
    all: Record<Predictor, Correlation>;
    topHalf: Record<Predictor, Correlation>;
    topVsRandom: TopVsRandom | undefined;
    corruption: CorruptionTest;
}

export function analyse(
    pool: readonly PoolEntry[], selection: { spread: string[]; top: string[]; random: string[] },
    retrained: ReadonlyMap<string, Retrained>, seed: number, resamples: number,
): BenchAnalysis {
    const byId = new Map(pool.map((e) => [e.id, e]));
    const trained = (ids: string[]) => ids.filter((id) => retrained.has(id) && byId.has(id)).map((id) => byId.get(id)!);
    const spread = byScore(trained(selection.spread));
    const half = spread.slice(0, Math.ceil(spread.length / 2));
    const rng = new Random(`${seed}:bench:bootstrap`);
    const correlate = (set: PoolEntry[]) =>
        correlatePredictors(set.map((e) => ({ ...e, testError: retrained.get(e.id)!.testError })), rng, resamples);
    return {
        all: correlate(spread),
        topHalf: correlate(half),
        topVsRandom: compareTopRandom(trained(selection.top), trained(selection.random), retrained),
        corruption: corruptionTest(pool, rng.fork('corruption'), resamples),
    };
}

function compareTopRandom(top: PoolEntry[], random: PoolEntry[], retrained: ReadonlyMap<string, Retrained>): TopVsRandom | undefined {
    if (top.length === 0 || random.length === 0) return undefined;
    const errors = (set: PoolEntry[]) => set.map((e) => retrained.get(e.id)!.testError);
    const t = errors(top);
    const r = errors(random);
    let wins = 0;
    for (const a of t) for (const b of r) wins += a < b ? 1 : a === b ? 0.5 : 0;
    const topMean = mean(t);
    const randomMean = mean(r);
    return { k: top.length, topMean, randomMean, advantage: randomMean - topMean, beatsRandom: wins / (t.length * r.length) };
}

function corruptionTest(pool: readonly PoolEntry[], rng: Random, resamples: number): CorruptionTest {
    const d = pool.map((e) => e.corruptedScore - e.score);
    return {
        n: d.length,
        meanDifference: bootstrap(d, d, (x) => mean(x), rng, resamples),
        worse: d.filter((v) => v > 0).length,
        same: d.filter((v) => v === 0).length,
        better: d.filter((v) => v < 0).length,
    };
}

export function mean(values: readonly number[]): number {
    return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Least-squares line y = slope·x + intercept (NaN when x has no spread). */
export function leastSquares(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
    const mx = mean(x);
    const my = mean(y);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < x.length; i++) {
        sxy += (x[i]! - mx) * (y[i]! - my);
        sxx += (x[i]! - mx) ** 2;
    }
    const slope = sxx === 0 ? NaN : sxy / sxx;
    return { slope, intercept: my - slope * mx };
}
