/** The sentences that say how far a ranking can be trusted, in `smash results` and the results panel. */
import { describe, expect, test } from 'vitest';
import type { PredictorCorrelation } from '../../src/engine/correlation.js';
import type { RankCorrelation } from '../../src/shared/protocol.js';
import { intervalText, nearChance, opsUnused, opUseText, rankingCaveats, smashValidationText } from '../../src/shared/trust.js';

const interval = (estimate: number, low: number, high: number) => ({ estimate, low, high });
const predictor = (low: number, high: number): PredictorCorrelation => ({ n: 5, spearman: interval((low + high) / 2, low, high), kendall: interval((low + high) / 2, low, high) });
const correlation = (low: number, high: number): RankCorrelation => ({ n: 5, smash: predictor(low, high), params: predictor(-0.2, 0.4), macs: predictor(-0.2, 0.4) });

describe('ranking trust', () => {
    test('the SMASH network beside chance', () => {
        expect(smashValidationText({ accuracy: 0.824, chance: 0.1 })).toBe('SMASH network: 82.4 % validation accuracy (chance 10.0 %)');
        expect(smashValidationText({ accuracy: 0.498, chance: 0.1, scored: { accuracy: 0.512, architectures: 20 } }))
            .toBe('SMASH network: 51.2 % validation accuracy on average over the 20 architectures drawn at random (last epoch 49.8 %, chance 10.0 %)');
    });

    test('near chance is judged on the scored architectures where a run has them, not on the last epoch\'s few', () => {
        expect(nearChance({ accuracy: 0.116, chance: 0.1, scored: { accuracy: 0.45, architectures: 20 } })).toBe(false);
        expect(nearChance({ accuracy: 0.45, chance: 0.1, scored: { accuracy: 0.12, architectures: 20 } })).toBe(true);
        expect(rankingCaveats({ smash: { accuracy: 0.45, chance: 0.1, scored: { accuracy: 0.12, architectures: 20 } } })[0])
            .toContain('The SMASH network is near chance (12.0 % against 10.0 %)');
    });

    test('near chance: within a quarter of the way from chance to 100 %', () => {
        expect(nearChance({ accuracy: 0.116, chance: 0.1 })).toBe(true);
        expect(nearChance({ accuracy: 0.32, chance: 0.1 })).toBe(true);
        expect(nearChance({ accuracy: 0.33, chance: 0.1 })).toBe(false);
        expect(nearChance({ accuracy: 0.26, chance: 0.01 })).toBe(false);
    });

    test('a network near chance: one sentence saying so and what would help', () => {
        const [caveat, ...rest] = rankingCaveats({ smash: { accuracy: 0.116, chance: 0.1 } });
        expect(rest).toEqual([]);
        expect(caveat).toBe('The SMASH network is near chance (11.6 % against 10.0 %), so its scores do not rank architectures yet: train it longer (more epochs or images), or on a GPU.');
    });

    test('an interval that spans zero: one sentence; a clearly positive one: none', () => {
        expect(rankingCaveats({ smash: { accuracy: 0.8, chance: 0.1 }, correlation: correlation(-0.33, 0.91) })).toEqual([
            "The rank correlation's 95 % interval [-0.33, 0.91] includes zero, so the retrained errors do not confirm this ranking yet: retrain more architectures (retrain top) or train the SMASH network longer.",
        ]);
        expect(rankingCaveats({ smash: { accuracy: 0.8, chance: 0.1 }, correlation: correlation(0.2, 0.9) })).toEqual([]);
    });

    test('both problems give both sentences; a run without the record gives none', () => {
        expect(rankingCaveats({ smash: { accuracy: 0.1, chance: 0.1 }, correlation: correlation(-0.5, 0.5) })).toHaveLength(2);
        expect(rankingCaveats({})).toEqual([]);
    });

    test('tied SMASH scores leave the correlation undefined (null in results.json): n/a, and one sentence', () => {
        expect(intervalText({ estimate: 0.21, low: -0.6, high: 0.75 })).toBe('0.21 [-0.60, 0.75]');
        expect(intervalText({ estimate: null, low: null, high: null })).toBe('n/a (tied)');
        expect(intervalText({ estimate: Number.NaN, low: Number.NaN, high: Number.NaN })).toBe('n/a (tied)');
        const tied = { ...correlation(0, 0), smash: { n: 3, spearman: interval(Number.NaN, Number.NaN, Number.NaN), kendall: interval(Number.NaN, Number.NaN, Number.NaN) } };
        expect(rankingCaveats({ smash: { accuracy: 0.43, chance: 0.1 }, correlation: tied })).toEqual([
            'The SMASH network scored the retrained architectures the same, so its scores do not order them: train it longer (more epochs or images), or on a GPU.',
        ]);
    });

    test('the op-use check beside the accuracy, and one sentence when muting the ops changes less than a point', () => {
        const dead = { architectures: 3, error: 0.428, mutedError: 0.43 };
        const alive = { architectures: 3, error: 0.406, mutedError: 0.536 };
        expect(smashValidationText({ accuracy: 0.564, chance: 0.1, opUse: dead })).toBe(
            'SMASH network: 56.4 % validation accuracy (chance 10.0 %); muting every op of the 3 best-scored architectures takes their validation error from 42.8 % to 43.0 % (+0.2 points)');
        expect(opUseText({ architectures: 1, error: 0.5, mutedError: 0.45 })).toBe(
            'muting every op of the best-scored architecture takes its validation error from 50.0 % to 45.0 % (−5.0 points)');
        expect(opsUnused(dead)).toBe(true);
        expect(opsUnused(alive)).toBe(false);
        expect(opsUnused({ architectures: 3, error: 0.5, mutedError: 0.45 })).toBe(false);
        expect(rankingCaveats({ smash: { accuracy: 0.564, chance: 0.1, opUse: dead } })).toEqual([
            'The SMASH network barely uses its ops: with all of them muted the best architectures score within +0.2 points of their scores, so the scores cannot tell architectures apart. Train it with a lower learning rate (adam lr 1e-2 kept the ops in use on Fashion-MNIST where 3e-2 switched them off) or longer.',
        ]);
        expect(rankingCaveats({ smash: { accuracy: 0.498, chance: 0.1, opUse: alive } })).toEqual([]);
    });
});
