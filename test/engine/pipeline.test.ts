/**
 * The engine end to end on real Fashion-MNIST images and a tiny space: a run completes, is
 * reproducible, and a run stopped in any phase and resumed gives exactly the uninterrupted result.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { createOptimizer } from '../../src/engine/train/optim.js';
import { resumeRun, startRun } from '../../src/engine/train/pipeline.js';
import { Random } from '../../src/engine/random.js';
import { readEvents } from '../../src/engine/run/event-log.js';
import { runPaths } from '../../src/engine/run/run-dir.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { OP_USE_ARCHITECTURES } from '../../src/engine/train/op-use.js';
import { SmashModel } from '../../src/engine/model/smash-model.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { correctOf, lossOf, optimise } from '../../src/engine/train/train-loop.js';
import type { RunResults } from '../../src/shared/protocol.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';


let space: SearchSpace;
beforeAll(async () => {
    await selectBackend('wasm');
    space = await compileText(TINY_RUN);
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'smash-pipeline-'));

/** parallel 2: the 2 retrained networks train at once, on two worker threads, as on any machine of 2 or more cores. */
async function run(dir: string, stopAfter?: number, workers = 1, parallel = 2): Promise<string> {
    let checks = 0;
    const shouldStop = () => stopAfter !== undefined && ++checks > stopAfter;
    return startRun({
        space, spaceFile: join(dir, 'tiny.smash'), spaceText: TINY_RUN, runDir: dir, backend: 'wasm',
        overrides: {}, command: ['test'], versions: {}, shouldStop, workers, parallel,
    });
}

const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
const summary = (r: RunResults) => r.architectures.map((a) => [a.id, a.score, a.retrained?.testError]);

describe('a whole run', () => {
    let reference: RunResults;

    test('completes, ranks, retrains the top 2 and reports every phase', async () => {
        const dir = tempDir();
        expect(await run(dir)).toBe('completed');
        reference = results(dir);
        expect(reference.status).toBe('completed');
        expect(reference.architectures.length).toBeGreaterThan(1);
        const scores = reference.architectures.map((a) => a.score);
        expect(scores).toEqual([...scores].sort((a, b) => a - b));
        expect(reference.architectures.filter((a) => a.retrained).map((a) => a.rank)).toEqual([1, 2]);
        const phases = readEvents(join(dir, 'events.jsonl')).flatMap((e) => (e.type === 'phase' ? [e.phase] : []));
        expect(phases).toEqual(['data', 'train', 'rank', 'retrain', 'done']);
        // The op-use check scored the best architectures again with their ops muted.
        const best = reference.architectures.slice(0, OP_USE_ARCHITECTURES);
        expect(reference.smash?.opUse?.architectures).toBe(best.length);
        expect(reference.smash?.opUse?.error).toBeCloseTo(best.reduce((sum, a) => sum + a.score, 0) / best.length, 10);
        // The steadier figure: the mean accuracy of the architectures drawn at random, none chosen for its score.
        const ranking = JSON.parse(readFileSync(join(dir, 'ranking.json'), 'utf8')) as { scored: Array<{ stage: string; score: number }> };
        const random = ranking.scored.filter((s) => s.stage === 'random');
        expect(random.length).toBeGreaterThan(0);
        expect(reference.smash?.scored?.architectures).toBe(random.length);
        expect(reference.smash?.scored?.accuracy).toBeCloseTo(1 - random.reduce((sum, s) => sum + s.score, 0) / random.length, 10);
    }, 300_000);

    // On workers the stop is polled, so it lands at a time; one at a time it lands at a given step.
    test.each([
        ['training', 3, 2],
        ['ranking', 8 + 4, 2],
        ['retraining on workers', 8 + 6 + 2, 2],
        ['retraining one network at a time', 8 + 6 + 2, 1],
    ])('stopped during %s and resumed, it ends exactly as the uninterrupted run', async (_phase, stopAfter, parallel) => {
        const dir = tempDir();
        expect(await run(dir, stopAfter, 1, parallel)).toBe('stopped');
        expect(await resumeRun(dir, { backend: 'wasm', shouldStop: () => false })).toBe('completed');
        expect(summary(results(dir))).toEqual(summary(reference));
        expect(results(dir).smash).toEqual(reference.smash);
        const ends = readEvents(join(dir, 'events.jsonl')).flatMap((e) => (e.type === 'run-end' ? [e.status] : []));
        expect(ends).toEqual(['stopped', 'completed']);
    }, 300_000);

    test('retrained one at a time on this thread, the networks end exactly as when retrained at once on workers', async () => {
        const dir = tempDir();
        expect(await run(dir, undefined, 1, 1)).toBe('completed');
        expect(summary(results(dir))).toEqual(summary(reference));
        const ranks = readEvents(join(dir, 'events.jsonl')).flatMap((e) => (e.type === 'retrained' ? [e.rank] : []));
        expect(ranks).toEqual([1, 2]);
    }, 300_000);

    test('when one retraining worker fails, the other is stopped at a checkpoint, and a resume ends as the uninterrupted run', async () => {
        const dir = tempDir();
        const [first, second] = reference.architectures.filter((a) => a.retrained).map((a) => a.id);
        // A folder where the first network's checkpoint goes: its worker fails as it starts.
        const blocked = runPaths(dir).retrainCheckpoint(first!);
        mkdirSync(blocked, { recursive: true });
        await expect(run(dir)).rejects.toThrow(`retraining ${first}`);
        const ends = readEvents(join(dir, 'events.jsonl')).flatMap((e) => (e.type === 'run-end' ? [e.status] : []));
        expect(ends).toEqual(['failed']);
        expect(existsSync(runPaths(dir).retrainCheckpoint(second!)) || results(dir).architectures.some((a) => a.id === second && a.retrained)).toBe(true);
        rmSync(blocked, { recursive: true });
        expect(await resumeRun(dir, { backend: 'wasm', shouldStop: () => false })).toBe('completed');
        expect(summary(results(dir))).toEqual(summary(reference));
    }, 300_000);
});

describe('with 2 data-parallel workers', () => {
    let whole: string;

    test.each([
        ['training', 3],
        ['retraining', 8 + 6 + 2],
    ])('a run stopped during %s resumes with the same worker count to the uninterrupted result', async (_phase, stopAfter) => {
        if (!whole) {
            whole = tempDir();
            expect(await run(whole, undefined, 2)).toBe('completed');
        }
        const stopped = tempDir();
        expect(await run(stopped, stopAfter, 2)).toBe('stopped');
        expect(JSON.parse(readFileSync(join(stopped, 'manifest.json'), 'utf8')).workers).toBe(2);
        expect(await resumeRun(stopped, { backend: 'wasm', shouldStop: () => false })).toBe('completed');
        expect(summary(results(stopped))).toEqual(summary(results(whole)));
    }, 300_000);
});

describe('training step', () => {
    test('leaks no tensors: the count is flat across steps', async () => {
        const model = new SmashModel(space, 1);
        const parameters = model.parameters();
        const optimizer = createOptimizer(space.train.optimizer, parameters, space.train.weightDecay);
        const x = tf.randomNormal([8, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
        const y = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32');
        const counts: number[] = [];
        for (let step = 0; step < 6; step++) {
            const arch = sampleArchitecture(space, new Random(step));
            await optimise(parameters, optimizer, 1e-3, () => {
                const logits = model.logits(arch, x, { training: true }, new Random(100 + step));
                return { loss: lossOf(logits, y), correct: correctOf(logits, y) };
            });
            counts.push(tf.memory().numTensors);
        }
        // The first steps create optimiser moments for the weights they touch; after that, nothing may grow.
        expect(new Set(counts.slice(3)).size).toBe(1);
    }, 120_000);
});
