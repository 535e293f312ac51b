/** BN statistics for scoring: running, batch, and per-architecture recalibration that restores the shared statistics. */
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { batches } from '../../src/engine/data/batches.js';
import type { Dataset } from '../../src/engine/data/dataset.js';
import { computeNormalization } from '../../src/engine/data/normalize.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { withScoreNorm, type EvaluationData } from '../../src/engine/model/score-norm.js';
import { SmashModel } from '../../src/engine/model/smash-model.js';
import type { ScoreNorm, SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;
let data: EvaluationData;
let model: SmashModel;

beforeAll(async () => {
    await selectBackend('cpu');
    space = await compileText(TINY_RUN);
    const count = 40;
    const images = new Uint8Array(count * 28 * 28);
    const rng = new Random('pixels');
    for (let i = 0; i < images.length; i++) images[i] = rng.int(256);
    const dataset: Dataset = {
        kind: 'fashion-mnist', images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count,
        height: 28, width: 28, channels: 1, classes: 10, flipSafe: true, origin: ['memory'],
    };
    const train = { data: dataset, indices: Int32Array.from({ length: 32 }, (_, i) => i) };
    // The validation images are the first training batch, so that one recalibration batch sees exactly them.
    const validation = { data: dataset, indices: Int32Array.from({ length: 8 }, (_, i) => i) };
    data = { split: { train, validation, test: validation }, normalization: computeNormalization(train) };
    model = new SmashModel(space, 3);
    // Running statistics that fit no architecture: what a SMASH network's shared ones look like.
    for (const [name, v] of Object.entries(model.net.statistics())) v.assign(tf.fill(v.shape, name.endsWith('var') ? 9 : 2));
});

const snapshot = () => Object.fromEntries(Object.entries(model.net.statistics()).map(([k, v]) => [k, Array.from(v.dataSync())]));

function logitsUnder(norm: ScoreNorm, seed: string, onStatistics?: (s: Record<string, number[]>) => void): number[] {
    const arch = sampleArchitecture(space, new Random(seed));
    return tf.tidy(() => {
        const matrix = model.weightsFor(arch, new Random(`${seed}:z`));
        const x = tf.tensor4d(
            Float32Array.from({ length: 8 * 28 * 28 }, (_, i) => Math.sin(i)), [8, 28, 28, 1]);
        return withScoreNorm(norm, model.net.statistics(), data, 8, (input, mode) => model.net.forward(arch, input, matrix, mode), (logits) => {
            onStatistics?.(snapshot());
            return Array.from(logits(x).dataSync());
        });
    });
}

describe('withScoreNorm', () => {
    test('running: the shared statistics as they are', () => {
        const before = snapshot();
        logitsUnder({ kind: 'running' }, 'a', (during) => expect(during).toEqual(before));
        expect(snapshot()).toEqual(before);
    });

    test('batch: each batch by its own statistics, the shared ones untouched', () => {
        const before = snapshot();
        const running = logitsUnder({ kind: 'running' }, 'a');
        const batch = logitsUnder({ kind: 'batch' }, 'a');
        expect(batch).not.toEqual(running);
        expect(snapshot()).toEqual(before);
    });

    test('recalibrate: changes only the channels the scored architecture uses, then restores every statistic', () => {
        const before = snapshot();
        let during: Record<string, number[]> = {};
        logitsUnder({ kind: 'recalibrate', batches: 3 }, 'a', (s) => { during = s; });
        expect(snapshot()).toEqual(before);
        let changed = 0;
        let kept = 0;
        for (const [name, values] of Object.entries(during)) {
            values.forEach((v, i) => (v === before[name]![i] ? kept++ : changed++));
            // The architecture uses a prefix of each buffer's channels: once one is kept, the rest are.
            const firstKept = values.findIndex((v, i) => v === before[name]![i]);
            if (firstKept >= 0) expect(values.slice(firstKept)).toEqual(before[name]!.slice(firstKept));
        }
        expect(changed).toBeGreaterThan(0);
        expect(kept).toBeGreaterThan(0);
    });

    test('recalibrate on one batch equals normalising that batch by its own statistics', () => {
        // Validation = the first training batch: the recalibrated running statistics are its own
        // (variance unbiased, so the logits agree to about 1 / (values per channel)).
        const arch = sampleArchitecture(space, new Random('b'));
        const outputs = (['batch', 'recalibrate'] as const).map((kind) => tf.tidy(() => {
            const matrix = model.weightsFor(arch, new Random('b:z'));
            const first = batches(data.split.validation, { batchSize: 8, normalization: data.normalization, mode: { kind: 'eval' } }).next().value!;
            const x = tf.tensor4d(first.x, first.shape);
            const norm: ScoreNorm = kind === 'batch' ? { kind } : { kind, batches: 1 };
            return withScoreNorm(norm, model.net.statistics(), data, 8, (input, mode) => model.net.forward(arch, input, matrix, mode),
                (logits) => Array.from(logits(x).dataSync()));
        }));
        outputs[1]!.forEach((v, i) => expect(v).toBeCloseTo(outputs[0]![i]!, 1));
        expect(outputs[1]).not.toEqual(logitsUnder({ kind: 'running' }, 'b'));
    });
});
