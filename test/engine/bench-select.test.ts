/** Which architectures the correlation benchmark retrains. */
import { describe, expect, test } from 'vitest';
import { byScore, evenlySpread, randomK, retrainOrder, topK } from '../../src/engine/bench/select.js';
import { Random } from '../../src/engine/random.js';

const pool = (scores: number[]) => scores.map((score, i) => ({ id: `a${i}`, score }));

describe('evenly spread selection', () => {
    test('takes every 5th of 250 sorted by score when M = 50 (the paper), from best to worst', () => {
        const scores = new Random(3).permutation(250).map((r) => r / 250);
        const entries = pool(scores);
        const picked = evenlySpread(entries, 50);
        const sorted = byScore(entries);
        expect(picked).toHaveLength(50);
        expect(picked[0]).toBe(sorted[0]);
        expect(picked[49]).toBe(sorted[249]);
        const positions = picked.map((p) => sorted.indexOf(p));
        const gaps = positions.slice(1).map((p, i) => p - positions[i]!);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(6);
    });

    test('M distinct entries in score order, covering both ends', () => {
        const entries = pool([0.5, 0.1, 0.9, 0.3, 0.7, 0.2, 0.8]);
        const picked = evenlySpread(entries, 3);
        expect(picked.map((p) => p.score)).toEqual([0.1, 0.5, 0.9]);
        expect(new Set(evenlySpread(entries, 6).map((p) => p.id)).size).toBe(6);
    });

    test('M >= K returns the whole pool in score order', () => {
        expect(evenlySpread(pool([0.4, 0.2, 0.3]), 5).map((p) => p.id)).toEqual(['a1', 'a2', 'a0']);
    });

    test('ties keep the pool order', () => {
        expect(byScore(pool([0.2, 0.1, 0.2, 0.1])).map((p) => p.id)).toEqual(['a1', 'a3', 'a0', 'a2']);
    });
});

describe('top-k, random-k and the retraining order', () => {
    test('top-k are the k lowest scores; random-k is seeded and distinct', () => {
        const entries = pool([0.5, 0.1, 0.9, 0.3, 0.7]);
        expect(topK(entries, 2).map((p) => p.id)).toEqual(['a1', 'a3']);
        const a = randomK(entries, 3, new Random('s')).map((p) => p.id);
        expect(randomK(entries, 3, new Random('s')).map((p) => p.id)).toEqual(a);
        expect(new Set(a).size).toBe(3);
    });

    test('an architecture in several sets is retrained once, spread set first', () => {
        expect(retrainOrder({ spread: ['a', 'b', 'c'], top: ['a', 'd'], random: ['c', 'e'] })).toEqual(['a', 'b', 'c', 'd', 'e']);
    });
});
