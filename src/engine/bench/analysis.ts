/**
 * The numbers of a correlation benchmark, from its scored architectures and their retrainings
 * (every retrained network is trained with two seeds):
 *   - seed agreement: Spearman rho and Kendall tau-b between the two seeds' test errors over the
 *     spread set. It bounds what any predictor can reach: when retraining does not order networks
 *     the same way twice (tau below SEED_AGREEMENT_FLOOR), no predictor can be judged against it.
 *     The noise ceiling turns it into the tau that a predictor of every network's expected error
 *     would reach against the seed means;
 *   - rank correlation (percentile bootstrap CIs) between a predictor and the mean of the seeds'
 *     test errors over the evenly spread set, for the SMASH score and for two baselines that need
 *     no training: parameter count and MACs. Bigger networks are predicted to be better, so the
 *     baselines correlate -params and -MACs with error; for every predictor a positive coefficient
 *     means "orders architectures the way training does";
 *   - the same for the better-scored half of the spread set (GHN's "top 50" view);
 *   - top-k vs random-k on the seed means: mean error of the k best-scored against k drawn at
 *     random, and how often a top-k network beats a random-k one (over all k x k pairs);
 *   - the paired SMASH-score difference corrupted code minus true code over the whole pool, with a
 *     sign test: the HyperNet counts as using the code when the corrupted code scores worse
 *     significantly more often than better (two-sided p < CODE_TEST_LEVEL);
 *   - the same test for random 1x1 weights in place of the generated ones: the network counts as
 *     using the HyperNet's weights when they score better than random ones.
 */
import { Random } from '../random.js';
import { correlatePredictors, type Predictor, type PredictorCorrelation } from '../correlation.js';
import { bootstrap, kendall, signTest, spearman, type Interval } from '../stats.js';
import { byScore } from './select.js';

/** Below this Kendall tau between two seeds, retraining is too noisy to judge any predictor. */
export const SEED_AGREEMENT_FLOOR = 0.8;
/** Significance level of the corrupted-code sign test. */
export const CODE_TEST_LEVEL = 0.05;

export interface PoolEntry {
    id: string;
    /** Position in the pool's draw order. */
    index: number;
    score: number;
    loss: number;
    corruptedScore: number;
    /** The score with random 1x1 weights instead of generated ones; absent in states from before the test. */
    randomWeightsScore?: number;
    params: number;
    macs: number;
}

export interface Retrained {
    /** The retraining seed (initialisation and data order); the split is the same for every seed. */
    seed: number;
    testError: number;
    valError: number;
    seconds: number;
}

export type Correlation = PredictorCorrelation;
export type { Predictor };

export interface SeedAgreement extends Correlation {
    seeds: number[];
    /** Mean over networks of |error(seed a) - error(seed b)|. */
    meanAbsoluteDifference: number;
    /** Standard deviation of the seed means across networks: the signal the seed noise competes with. */
    spreadAcrossNetworks: number;
    /** noiseCeiling of the Kendall tau and of its interval's ends. */
    ceiling: Interval;
    /** spreadForAgreement: how far the seed means would have to spread for SEED_AGREEMENT_FLOOR at this seed noise. */
    spreadNeeded: number;
}

export interface TopVsRandom {
    k: number;
    topMean: number;
    randomMean: number;
    /** randomMean - topMean: positive when selection by score beats chance. */
    advantage: number;
    /** Fraction of (top, random) pairs where the top-k network has the lower error (ties count half). */
    beatsRandom: number;
}

/** A score changed against the true SMASH score, over the pool. */
export interface PairedScoreTest {
    n: number;
    /** Mean of changed - true SMASH score (error fractions); positive when the true one is better. */
    meanDifference: Interval;
    worse: number;
    same: number;
    better: number;
    /** Two-sided sign test of worse against better (ties dropped). */
    p: number;
}

export interface CorruptionTest extends PairedScoreTest {
    /** The corrupted code scored worse significantly more often than better. */
    usesCode: boolean;
}

export interface RandomWeightsTest extends PairedScoreTest {
    /** Random 1x1 weights scored worse significantly more often than better. */
    usesWeights: boolean;
}

export interface BenchAnalysis {
    seedAgreement: SeedAgreement;
    /** Seed agreement reaches SEED_AGREEMENT_FLOOR, so the correlations below can judge a predictor. */
    judgeable: boolean;
    all: Record<Predictor, Correlation>;
    topHalf: Record<Predictor, Correlation>;
    topVsRandom: TopVsRandom | undefined;
    corruption: CorruptionTest;
    /** Undefined for a pool scored before the test existed. */
    randomWeights: RandomWeightsTest | undefined;
}

/** Mean test error over the seeds of a network trained with all of `seeds`, else undefined. */
export function seedMean(runs: readonly Retrained[] | undefined, seeds: readonly number[]): number | undefined {
    const errors = seeds.map((s) => runs?.find((r) => r.seed === s)?.testError);
    return errors.every((e): e is number => e !== undefined) ? mean(errors) : undefined;
}

export function analyse(
    pool: readonly PoolEntry[], selection: { spread: string[]; top: string[]; random: string[] },
    retrained: ReadonlyMap<string, readonly Retrained[]>, seeds: readonly number[], seed: number, resamples: number,
): BenchAnalysis {
    const byId = new Map(pool.map((e) => [e.id, e]));
    const meanError = new Map<string, number>();
    for (const [id, runs] of retrained) {
        const m = seedMean(runs, seeds);
        if (m !== undefined) meanError.set(id, m);
    }
    const trained = (ids: string[]) => ids.filter((id) => meanError.has(id) && byId.has(id)).map((id) => byId.get(id)!);
    const spread = byScore(trained(selection.spread));
    const half = spread.slice(0, Math.ceil(spread.length / 2));
    const rng = new Random(`${seed}:bench:bootstrap`);
    const correlate = (set: PoolEntry[]) =>
        correlatePredictors(set.map((e) => ({ ...e, testError: meanError.get(e.id)! })), rng, resamples);
    const agreement = seedAgreement(spread.map((e) => retrained.get(e.id)!), seeds, rng.fork('seeds'), resamples);
    return {
        seedAgreement: agreement,
        judgeable: agreement.kendall.estimate >= SEED_AGREEMENT_FLOOR,
        all: correlate(spread),
        topHalf: correlate(half),
        topVsRandom: compareTopRandom(trained(selection.top), trained(selection.random), meanError),
        corruption: corruptionTest(pool, rng.fork('corruption'), resamples),
        randomWeights: randomWeightsTest(pool, rng.fork('random-weights'), resamples),
    };
}

/** How the first two seeds order the networks, each given as its retrainings (all seeds present). */
export function seedAgreement(networks: ReadonlyArray<readonly Retrained[]>, seeds: readonly number[], rng: Random, resamples: number): SeedAgreement {
    const error = (runs: readonly Retrained[], s: number) => runs.find((r) => r.seed === s)!.testError;
    const a = networks.map((runs) => error(runs, seeds[0]!));
    const b = networks.map((runs) => error(runs, seeds[1]!));
    const means = a.map((v, i) => (v + b[i]!) / 2);
    const m = mean(means);
    const rho = bootstrap(a, b, spearman, rng.fork('rho'), resamples);
    const tau = bootstrap(a, b, kendall, rng.fork('tau'), resamples);
    const ceiling = (t: number) => noiseCeiling(t, seeds.length);
    const meanAbsoluteDifference = mean(a.map((v, i) => Math.abs(v - b[i]!)));
    return {
        seeds: [...seeds],
        n: networks.length,
        spearman: rho,
        kendall: tau,
        meanAbsoluteDifference,
        spreadAcrossNetworks: Math.sqrt(mean(means.map((v) => (v - m) ** 2))),
        ceiling: { estimate: ceiling(tau.estimate), low: ceiling(tau.low), high: ceiling(tau.high) },
        spreadNeeded: spreadForAgreement(SEED_AGREEMENT_FLOOR, meanAbsoluteDifference),
    };
}

/**
 * The standard deviation of the seed means across networks at which two seeds would agree at Kendall
 * `tau`, when two retrainings of a network differ by `meanAbsoluteDifference` on average. Under the
 * noise model of noiseCeiling, one retraining's noise has sd = mean|a - b| · sqrt(pi) / 2, the
 * seeds correlate at r = sin(pi/2 · tau) = v / (v + sd^2) for a variance v of the expected errors,
 * and a mean of two seeds spreads by sqrt(v + sd^2 / 2). Tau 0.8 needs about 4 times the mean
 * difference.
 */
export function spreadForAgreement(tau: number, meanAbsoluteDifference: number): number {
    const noise = (meanAbsoluteDifference * Math.sqrt(Math.PI)) / 2;
    const r = Math.sin((Math.PI / 2) * tau);
    return noise * Math.sqrt(r / (1 - r) + 0.5);
}

/**
 * The noise ceiling: the Kendall tau that a predictor knowing every network's expected error would
 * reach against the mean of `seeds` retrainings, when two retrainings agree at `seedTau`. It takes
 * the seed noise to be normal and alike for every network (classical test theory): then one
 * retraining's reliability is the Pearson correlation between two of them, r = sin(pi/2 · tau)
 * (Greiner's relation), the mean of k retrainings has reliability k·r / (1 + (k - 1)·r)
 * (Spearman-Brown), and its square root, the correlation of that mean with the expected errors,
 * maps back to tau. 0 when the seeds do not agree at all; NaN when their tau is undefined.
 */
export function noiseCeiling(seedTau: number, seeds: number): number {
    if (Number.isNaN(seedTau)) return NaN;
    const r = Math.sin((Math.PI / 2) * seedTau);
    if (r <= 0) return 0;
    const reliability = (seeds * r) / (1 + (seeds - 1) * r);
    return (2 / Math.PI) * Math.asin(Math.sqrt(reliability));
}

function compareTopRandom(top: PoolEntry[], random: PoolEntry[], meanError: ReadonlyMap<string, number>): TopVsRandom | undefined {
    if (top.length === 0 || random.length === 0) return undefined;
    const errors = (set: PoolEntry[]) => set.map((e) => meanError.get(e.id)!);
    const t = errors(top);
    const r = errors(random);
    let wins = 0;
    for (const a of t) for (const b of r) wins += a < b ? 1 : a === b ? 0.5 : 0;
    const topMean = mean(t);
    const randomMean = mean(r);
    return { k: top.length, topMean, randomMean, advantage: randomMean - topMean, beatsRandom: wins / (t.length * r.length) };
}

function corruptionTest(pool: readonly PoolEntry[], rng: Random, resamples: number): CorruptionTest {
    const test = pairedTest(pool.map((e) => e.corruptedScore - e.score), rng, resamples);
    return { ...test, usesCode: significantlyWorse(test) };
}

function randomWeightsTest(pool: readonly PoolEntry[], rng: Random, resamples: number): RandomWeightsTest | undefined {
    if (pool.length === 0 || pool.some((e) => e.randomWeightsScore === undefined)) return undefined;
    const test = pairedTest(pool.map((e) => e.randomWeightsScore! - e.score), rng, resamples);
    return { ...test, usesWeights: significantlyWorse(test) };
}

/** d: changed minus true score per architecture. */
function pairedTest(d: number[], rng: Random, resamples: number): PairedScoreTest {
    const worse = d.filter((v) => v > 0).length;
    const better = d.filter((v) => v < 0).length;
    return {
        n: d.length,
        meanDifference: bootstrap(d, d, (x) => mean(x), rng, resamples),
        worse,
        same: d.filter((v) => v === 0).length,
        better,
        p: signTest(worse, better),
    };
}

const significantlyWorse = (t: PairedScoreTest) => t.worse > t.better && t.p < CODE_TEST_LEVEL;

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
