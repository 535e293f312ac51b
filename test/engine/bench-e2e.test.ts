/**
 * The correlation benchmark end to end on real Fashion-MNIST images and the tiny space: it
 * completes, retrains the selected architectures with both seeds, side by side or one at a time
 * to the same numbers, and a benchmark stopped in any phase and run again ends exactly as the
 * uninterrupted one. A state of an older format is refused.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { benchConfig, retrainSeeds, type BenchConfig } from '../../src/engine/bench/config.js';
import { runCorrelationBench } from '../../src/engine/bench/correlation.js';
import { writeReport } from '../../src/engine/bench/report.js';
import { retrainOrder } from '../../src/engine/bench/select.js';
import type { BenchState } from '../../src/engine/bench/state.js';
import { readEvents } from '../../src/engine/run/event-log.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;
let config: BenchConfig;
beforeAll(async () => {
    await selectBackend('wasm');
    space = await compileText(TINY_RUN);
    config = benchConfig(space, {
        candidates: 5, spread: 3, k: 1, smashEpochs: 1, retrainEpochs: 1, train: 64, validation: 32, test: 32, resamples: 50, workers: 1, parallel: 2,
    });
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'smash-bench-'));

/** parallel 2: the retrainings run two at a time on worker threads; 1: one after another on this thread. */
async function bench(dir: string, stopAfter?: number, parallel = 2) {
    let checks = 0;
    return runCorrelationBench({
        space, spaceFile: join(dir, 'tiny.smash'), dir, config: { ...config, parallel }, backend: 'wasm',
        shouldStop: () => stopAfter !== undefined && ++checks > stopAfter,
    });
}

const numbers = (s: BenchState) => ({ pool: s.pool.map((e) => [e.id, e.score, e.corruptedScore, e.randomWeightsScore]), selection: s.selection,
    retrained: Object.entries(s.retrained).map(([id, runs]) => [id, runs.map((r) => [r.seed, r.testError, r.valError])]) });

describe('correlation benchmark', () => {
    let reference: BenchState;

    test('scores K, retrains the selected ones and reports every number', async () => {
        const dir = tempDir();
        const outcome = await bench(dir);
        expect(outcome.status).toBe('completed');
        reference = outcome.state;
        expect(reference.pool).toHaveLength(5);
        expect(reference.selection!.spread).toHaveLength(3);
        expect(reference.smashValidation!.chance).toBeCloseTo(0.1);
        expect(reference.smashValidation!.accuracy).toBeGreaterThanOrEqual(0);
        // Every candidate was drawn at random, so all of them make the mean.
        expect(reference.smashValidation!.scored).toEqual({
            accuracy: expect.closeTo(1 - reference.pool.reduce((sum, e) => sum + e.score, 0) / reference.pool.length, 10), architectures: 5,
        });
        const order = retrainOrder(reference.selection!);
        expect(Object.keys(reference.retrained).sort()).toEqual([...order].sort());
        // Every network with both seeds, in seed order; the seeds start from different weights.
        for (const runs of Object.values(reference.retrained)) expect(runs.map((r) => r.seed)).toEqual(retrainSeeds(config));
        expect(Object.values(reference.retrained).some(([a, b]) => a!.testError !== b!.testError || a!.valError !== b!.valError)).toBe(true);
        for (const id of order) for (const seed of retrainSeeds(config)) expect(existsSync(join(dir, 'checkpoint', `retrain-${id}-seed${seed}.bin`))).toBe(true);
        for (const e of reference.pool) expect(e.corruptedScore).toBeGreaterThanOrEqual(0);
        for (const e of reference.pool) expect(e.randomWeightsScore).toBeGreaterThanOrEqual(0);
        const a = outcome.analysis!;
        expect(a.all.smash.n).toBe(3);
        expect(a.seedAgreement).toMatchObject({ n: 3, seeds: [5, 6] });
        expect(a.corruption.p).toBeGreaterThan(0);
        expect(a.corruption.n).toBe(5);
        expect(a.randomWeights!.n).toBe(5);
        expect(a.topVsRandom!.k).toBe(1);
        const events = readEvents(join(dir, 'events.jsonl'));
        expect(events.filter((e) => e.type === 'scored')).toHaveLength(5);
        expect(events.filter((e) => e.type === 'retrained')).toHaveLength(2 * order.length);
        expect(reference.seconds.total).toBeGreaterThan(0);
        const files = writeReport(join(dir, 'report'), reference, a);
        expect(readFileSync(files.markdown, 'utf8')).toContain('| seed | 5 (retraining: 5, 6) |');
    }, 300_000);

    // On workers the stop is polled, so it lands at a time; one at a time it lands at a given step.
    test.each([
        ['SMASH training', 2, 2, 0],
        ['scoring', 6, 2, 0],
        ['scoring with random weights', 9, 2, 0],
        ['retraining side by side', 17, 2, undefined],
        ['retraining one at a time, first seed', 17, 1, 0],
        ['retraining one at a time, second seed', 21, 1, 1],
    ])('stopped during %s and run again, it ends as the uninterrupted one', async (phase, stopAfter, parallel, finished) => {
        const dir = tempDir();
        const stopped = await bench(dir, stopAfter, parallel);
        expect(stopped.status).toBe('stopped');
        if (finished !== undefined) expect(Object.values(stopped.state.retrained).flat()).toHaveLength(finished);
        if (phase === 'scoring with random weights') {
            expect(stopped.state.pool).toHaveLength(config.candidates);
            expect(stopped.state.pool.some((e) => e.randomWeightsScore === undefined)).toBe(true);
        }
        expect(existsSync(join(dir, 'bench.json'))).toBe(true);
        const outcome = await bench(dir, undefined, parallel);
        expect(outcome.status).toBe('completed');
        expect(numbers(outcome.state)).toEqual(numbers(reference));
    }, 300_000);

    test('refuses to continue a benchmark made with another configuration', async () => {
        const dir = tempDir();
        expect((await bench(dir, 1)).status).toBe('stopped');
        await expect(runCorrelationBench({
            space, spaceFile: join(dir, 'tiny.smash'), dir, config: { ...config, spread: 4 }, backend: 'wasm', shouldStop: () => false,
        })).rejects.toThrow(/another --dir/);
    }, 300_000);

    test('refuses a state of an older format in one line that says to start a new output folder', async () => {
        const dir = tempDir();
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'bench.json'), JSON.stringify({ version: 1, name: space.name, config, retrained: {} }));
        const run = runCorrelationBench({
            space, spaceFile: join(dir, 'tiny.smash'), dir, config, backend: 'wasm', shouldStop: () => false,
        });
        await expect(run).rejects.toThrow(/bench\.json is a benchmark state of version 1, this smash continues only version 2 \(two seeds per network\); start a new output folder with --dir$/);
    });
});
