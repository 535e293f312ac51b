/** The sizes a run may override, held to the checker's rules for the same knobs before it starts. */
import { beforeAll, describe, expect, test } from 'vitest';
import { overrideProblems } from '../../src/engine/train/run-plan.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;
beforeAll(async () => {
    space = await compileText(TINY_RUN);
});

describe('overrideProblems', () => {
    test('the space as it is, and overrides within its rules, start', () => {
        expect(overrideProblems(space, {})).toEqual([]);
        expect(overrideProblems(space, { train: space.train.batch, validation: 1, test: 1, random: 1, top: 1, perturb: 0, hillclimb: 0, epochs: 0, retrainEpochs: 0 })).toEqual([]);
        // Scoring alone: no architecture retrained.
        expect(overrideProblems(space, { top: 0 })).toEqual([]);
    });

    test('counts of images and architectures are at least 1', () => {
        expect(overrideProblems(space, { validation: 0, random: 0 })).toEqual([
            '--validation 0: must be at least 1 (it counts images)',
            '--random 0: must be at least 1 (it counts architectures)',
        ]);
    });

    test('the packaged dataset holds the images asked for', () => {
        expect(overrideProblems(space, { train: 59_500, validation: 1000 })).toEqual([
            '--train 59500, --validation 1000: train 59500 + validation 1000 = 60500, but the fashion-mnist training files hold 60000 images',
        ]);
        expect(overrideProblems(space, { test: 10_001 })).toEqual(['--test 10001: asks for more images than the 10000 of the fashion-mnist test files']);
    });

    test('batches fit the training images, also when only the validation split leaves too few', () => {
        const batch = Math.max(space.train.batch, space.retrain.batch);
        expect(overrideProblems(space, { train: batch - 1 })[0]).toMatch(new RegExp(`^--train ${batch - 1}: .*batch \\d+ .*larger than the ${batch - 1} training images`));
        const untrained = { ...space, data: { ...space.data, train: undefined } };
        expect(overrideProblems(untrained, { validation: 60_000 - 1 })[0]).toMatch(/^--validation 59999: .* larger than the 1 training image: /);
    });

    test('retrain top is no more than the architectures scored', () => {
        expect(overrideProblems(space, { top: 5, random: 2, perturb: 1, hillclimb: 1 })).toEqual([
            '--top 5, --random 2, --perturb 1, --hillclimb 1: retrain top 5 is more than the 4 architectures the search scores (random 2 + perturb 1 + hillclimb 1)',
        ]);
    });
});
