import { describe, expect, test } from 'vitest';
import { correlationOf, scoredAccuracy } from '../../src/engine/train/results.js';
import { kendall, spearman } from '../../src/engine/stats.js';
import type { RankedArchitecture } from '../../src/shared/protocol.js';

const entry = (rank: number, score: number, params: number, testError?: number): RankedArchitecture => ({
    rank, id: `a${rank}`, score, stage: 'random', params, macs: params * 100,
    retrained: testError === undefined ? undefined : { epochs: 1, testError, valError: testError, seconds: 1 },
    architecture: { version: 1, blocks: [] },
});

describe('run results', () => {
    test('no correlation before 3 architectures are retrained', () => {
        expect(correlationOf([entry(1, 0.1, 10, 0.2), entry(2, 0.2, 20, 0.3), entry(3, 0.3, 30)], 0)).toBeUndefined();
    });

    test('score and size baselines against retrained error, with intervals around the estimates', () => {
        const list = [entry(1, 0.1, 50, 0.20), entry(2, 0.2, 40, 0.25), entry(3, 0.3, 10, 0.22), entry(4, 0.4, 30, 0.40), entry(5, 0.5, 20, 0.35), entry(6, 0.6, 60)];
        const c = correlationOf(list, 3)!;
        const scores = [0.1, 0.2, 0.3, 0.4, 0.5];
        const errors = [0.20, 0.25, 0.22, 0.40, 0.35];
        expect(c.n).toBe(5);
        expect(c.smash.spearman.estimate).toBeCloseTo(spearman(scores, errors), 12);
        expect(c.smash.kendall.estimate).toBeCloseTo(kendall(scores, errors), 12);
        expect(c.params.kendall.estimate).toBeCloseTo(kendall([-50, -40, -10, -30, -20], errors), 12);
        for (const p of [c.smash, c.params, c.macs]) {
            expect(p.kendall.low).toBeLessThanOrEqual(p.kendall.estimate);
            expect(p.kendall.high).toBeGreaterThanOrEqual(p.kendall.estimate);
        }
        expect(correlationOf(list, 3)).toEqual(c);
    });

    test('the SMASH network\'s scored accuracy: the mean over the scores it is given, without unscored ones', () => {
        expect(scoredAccuracy([0.4, 0.5, 0.6])).toEqual({ accuracy: expect.closeTo(0.5, 12), architectures: 3 });
        expect(scoredAccuracy([0.2, Number.NaN])).toEqual({ accuracy: expect.closeTo(0.8, 12), architectures: 1 });
        expect(scoredAccuracy([])).toBeUndefined();
    });
});
