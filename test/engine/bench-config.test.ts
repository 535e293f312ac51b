/** The benchmark's sizes: defaults, overrides, the GPU scale and the checks. */
import { beforeAll, describe, expect, test } from 'vitest';
import { benchConfig, benchSpace, DEFAULT_BENCH, retrainSeeds } from '../../src/engine/bench/config.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;
beforeAll(async () => {
    space = await compileText(TINY_RUN);
});

describe('benchConfig', () => {
    test('defaults with the space seed; flags override them', () => {
        expect(benchConfig(space, {})).toEqual({ ...DEFAULT_BENCH, seed: 5 });
        expect(benchConfig(space, { candidates: 50, k: 5, seed: 9 })).toMatchObject({ candidates: 50, k: 5, seed: 9, spread: DEFAULT_BENCH.spread });
    });

    test('--scale multiplies K, M, the epochs and the data, capped at what Fashion-MNIST holds; k stays', () => {
        const c = benchConfig(space, { scale: 4 });
        expect(c).toMatchObject({
            scale: 4, k: DEFAULT_BENCH.k, candidates: 4 * DEFAULT_BENCH.candidates, spread: 4 * DEFAULT_BENCH.spread,
            smashEpochs: 4 * DEFAULT_BENCH.smashEpochs, retrainEpochs: 4 * DEFAULT_BENCH.retrainEpochs,
            train: 4 * DEFAULT_BENCH.train, validation: 4 * DEFAULT_BENCH.validation, test: 10000,
        });
        expect(benchConfig(space, { scale: 4, test: 1000 }).test).toBe(4000);
        const huge = benchConfig(space, { scale: 100 });
        expect(huge.test).toBe(10000);
        expect(huge.train + huge.validation).toBeLessThanOrEqual(60000);
    });

    test('two retraining seeds, the benchmark seed and the next; 2 workers and retrainings side by side unless told otherwise', () => {
        expect(retrainSeeds(benchConfig(space, { seed: 9 }))).toEqual([9, 10]);
        expect(benchConfig(space, {}).workers).toBe(2);
        expect(benchConfig(space, { workers: 1, scale: 4 }).workers).toBe(1);
        expect(benchConfig(space, {}).parallel).toBe('auto');
        expect(benchConfig(space, { parallel: 3, scale: 4 }).parallel).toBe(3);
    });

    test('the default spread set is big enough for the issue\'s 20 networks, tested on the whole test pool', () => {
        expect(DEFAULT_BENCH.spread).toBeGreaterThanOrEqual(20);
        expect(DEFAULT_BENCH.test).toBe(10000);
    });

    test('refuses sizes that cannot give a correlation', () => {
        expect(() => benchConfig(space, { workers: 0 })).toThrow(/bench workers must be a whole number >= 1, got 0/);
        expect(() => benchConfig(space, { parallel: 0 })).toThrow(/bench parallel must be a whole number >= 1 or 'auto', got 0/);
        expect(() => benchConfig(space, { spread: 2 })).toThrow(/at least 3/);
        expect(() => benchConfig(space, { candidates: 5, spread: 6 })).toThrow(/cannot exceed/);
        expect(() => benchConfig(space, { k: 0 })).toThrow(/k must be a whole number >= 1/);
        expect(() => benchConfig(space, { scale: 0.5 })).toThrow(/--scale/);
        const batch = Math.max(space.train.batch, space.retrain.batch);
        expect(() => benchConfig(space, { train: batch - 1 })).toThrow(`--train ${batch - 1}, --validation ${DEFAULT_BENCH.validation}: train batch`);
        expect(() => benchConfig(space, { train: batch })).not.toThrow();
    });

    test('benchSpace applies the seed, epochs and data sizes to the space', () => {
        const c = benchConfig(space, { seed: 11, smashEpochs: 3, retrainEpochs: 2, train: 100, validation: 20, test: 30 });
        const s = benchSpace(space, c);
        expect([s.seed, s.train.epochs, s.retrain.epochs, s.data.train, s.data.validation, s.data.test]).toEqual([11, 3, 2, 100, 20, 30]);
    });
});
