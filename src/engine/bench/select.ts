/**
 * Which scored architectures the benchmark retrains. The paper sorted 250 random architectures by
 * SMASH score and took every 5th; `evenlySpread` generalises that to M of K, always including the
 * best and the worst so the whole score range is covered. Top-k and random-k come from the same
 * pool, so the sets overlap and an architecture in several of them is trained once.
 */
import type { Random } from '../random.js';

export interface Scored {
    id: string;
    score: number;
}

/** `entries` best (lowest score) first; ties keep their pool order. */
export function byScore<T extends Scored>(entries: readonly T[]): T[] {
    return entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.score - b.e.score || a.i - b.i).map(({ e }) => e);
}

/**
 * M entries at evenly spaced positions of the score order: positions round(j·(K-1)/(M-1)),
 * j = 0..M-1, which are distinct whenever M <= K. Returned in score order.
 */
export function evenlySpread<T extends Scored>(entries: readonly T[], m: number): T[] {
    const sorted = byScore(entries);
    if (m >= sorted.length) return sorted;
    if (m === 1) return [sorted[0]!];
    return Array.from({ length: m }, (_, j) => sorted[Math.round((j * (sorted.length - 1)) / (m - 1))]!);
}

export function topK<T extends Scored>(entries: readonly T[], k: number): T[] {
    return byScore(entries).slice(0, k);
}

/** k entries drawn uniformly without replacement, whatever their score. */
export function randomK<T extends Scored>(entries: readonly T[], k: number, rng: Random): T[] {
    return rng.sample(entries, Math.min(k, entries.length));
}

export interface Selection {
    spread: string[];
    top: string[];
    random: string[];
}

/** Every id to retrain, each once: the spread set first (the correlation needs it most), then top-k, then random-k. */
export function retrainOrder(selection: Selection): string[] {
    return [...new Set([...selection.spread, ...selection.top, ...selection.random])];
}
