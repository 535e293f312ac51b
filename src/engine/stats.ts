/**
 * Rank statistics for "does the SMASH score order architectures as training does": Spearman's rho
 * (Pearson on average ranks, so ties count properly), Kendall's tau-b (tie-corrected), and
 * percentile bootstrap confidence intervals, and the sign test (exact two-sided binomial) for paired
 * differences such as "does a corrupted code score worse than the true one".
 */
import type { Random } from './random.js';

/** Ranks 1..n, ties sharing their average rank. */
export function averageRanks(values: readonly number[]): number[] {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const ranks = new Array<number>(values.length);
    for (let i = 0; i < order.length;) {
        let j = i;
        while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
        const rank = (i + j) / 2 + 1;
        for (let k = i; k <= j; k++) ranks[order[k]![1]] = rank;
        i = j + 1;
    }
    return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
    const n = x.length;
    if (n !== y.length || n < 2) return NaN;
    const mx = x.reduce((a, b) => a + b, 0) / n;
    const my = y.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
        const dx = x[i]! - mx;
        const dy = y[i]! - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

export function spearman(x: readonly number[], y: readonly number[]): number {
    return pearson(averageRanks(x), averageRanks(y));
}

/** Kendall's tau-b: (concordant - discordant) / sqrt((n0 - ties in x)(n0 - ties in y)). O(n²), fine for hundreds. */
export function kendall(x: readonly number[], y: readonly number[]): number {
    const n = x.length;
    if (n !== y.length || n < 2) return NaN;
    let concordant = 0;
    let discordant = 0;
    let tiesX = 0;
    let tiesY = 0;
    for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
            const dx = Math.sign(x[i]! - x[j]!);
            const dy = Math.sign(y[i]! - y[j]!);
            if (dx === 0 && dy === 0) continue;
            if (dx === 0) tiesX++;
            else if (dy === 0) tiesY++;
            else if (dx === dy) concordant++;
            else discordant++;
        }
    }
    const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    return denominator === 0 ? NaN : (concordant - discordant) / denominator;
}

export interface Interval {
    estimate: number;
    low: number;
    high: number;
}

/** Percentile bootstrap over paired samples; resamples whose statistic is undefined are skipped. */
export function bootstrap(
    x: readonly number[], y: readonly number[], statistic: (x: number[], y: number[]) => number,
    rng: Random, resamples = 2000, level = 0.95,
): Interval {
    const estimate = statistic([...x], [...y]);
    const values: number[] = [];
    for (let r = 0; r < resamples; r++) {
        const idx = Array.from({ length: x.length }, () => rng.int(x.length));
        const v = statistic(idx.map((i) => x[i]!), idx.map((i) => y[i]!));
        if (Number.isFinite(v)) values.push(v);
    }
    values.sort((a, b) => a - b);
    const at = (q: number) => values.length === 0 ? NaN : values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))]!;
    return { estimate, low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
}

/**
 * The sign test: exact two-sided binomial p-value of `positive` against `negative` signs under
 * H0 "each sign is equally likely" (ties are dropped before calling it). p = P(|X - n/2| >= |k - n/2|)
 * for X ~ Binomial(n, 1/2), computed in log space so that n in the thousands does not underflow.
 * 1 when there is nothing to test.
 */
export function signTest(positive: number, negative: number): number {
    const n = positive + negative;
    if (!Number.isInteger(positive) || !Number.isInteger(negative) || positive < 0 || negative < 0) {
        throw new RangeError(`signTest needs two counts >= 0, got ${positive} and ${negative}`);
    }
    if (n === 0) return 1;
    // logFactorial[i] = ln(i!)
    const logFactorial = [0];
    for (let i = 1; i <= n; i++) logFactorial.push(logFactorial[i - 1]! + Math.log(i));
    const logPmf = (i: number) => logFactorial[n]! - logFactorial[i]! - logFactorial[n - i]! - n * Math.LN2;
    let tail = 0;
    for (let i = 0; i <= Math.min(positive, negative); i++) tail += Math.exp(logPmf(i));
    return Math.min(1, 2 * tail);
}
