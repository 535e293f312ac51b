import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Random } from '../../src/engine/random.js';
import { averageRanks, bootstrap, kendall, signTest, spearman } from '../../src/engine/stats.js';

describe('rank statistics', () => {
    test('known values (scipy.stats gives the same)', () => {
        const x = [1, 2, 3, 4, 5];
        expect(spearman(x, [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
        expect(kendall(x, [5, 6, 7, 8, 7])).toBeCloseTo(0.7378647873726218, 12);
        expect(kendall([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
        expect(spearman(x, x.map((v) => -v))).toBeCloseTo(-1, 12);
        expect(averageRanks([10, 20, 10, 30])).toEqual([1.5, 3, 1.5, 4]);
    });

    test('both are invariant under monotone transforms and bounded by 1', () => {
        fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { minLength: 3, maxLength: 30 }), (pairs) => {
            const x = pairs.map((p) => p[0]);
            const y = pairs.map((p) => p[1]);
            for (const f of [spearman, kendall]) {
                const r = f(x, y);
                if (Number.isNaN(r)) continue;
                expect(Math.abs(r)).toBeLessThanOrEqual(1 + 1e-12);
                expect(f(x.map((v) => v ** 3 + 5 * v), y)).toBeCloseTo(r, 9);
            }
        }));
    });

    test('bootstrap interval contains the estimate and is seeded', () => {
        const x = Array.from({ length: 20 }, (_, i) => i);
        const y = x.map((v) => v + ((v * 7) % 5));
        const a = bootstrap(x, y, kendall, new Random(3), 500);
        const b = bootstrap(x, y, kendall, new Random(3), 500);
        expect(a).toEqual(b);
        expect(a.low).toBeLessThanOrEqual(a.estimate);
        expect(a.high).toBeGreaterThanOrEqual(a.estimate);
        expect(a.high).toBeLessThanOrEqual(1);
    });
});

describe('sign test', () => {
    test('exact two-sided binomial p-values (scipy.stats.binomtest gives the same)', () => {
        expect(signTest(15, 5)).toBeCloseTo(0.04138946533203125, 12);
        expect(signTest(14, 6)).toBeCloseTo(0.11531829833984375, 12);
        expect(signTest(12, 15)).toBeCloseTo(0.7011080384254456, 12);
        expect(signTest(27, 13)).toBeCloseTo(0.03847730828420026, 12);
        expect(signTest(26, 14)).toBeCloseTo(0.0806904677519924, 12);
        // Large n stays finite (2^-1100 underflows a plain product).
        expect(signTest(600, 500)).toBeCloseTo(0.0028195449914364284, 9);
    });

    test('symmetric, 1 for a balance or nothing to test, refuses non-counts', () => {
        expect(signTest(5, 15)).toBe(signTest(15, 5));
        expect(signTest(10, 10)).toBe(1);
        expect(signTest(0, 0)).toBe(1);
        expect(signTest(6, 0)).toBeCloseTo(2 / 64, 12);
        expect(() => signTest(-1, 3)).toThrow(/two counts/);
        expect(() => signTest(1.5, 3)).toThrow(/two counts/);
    });
});
