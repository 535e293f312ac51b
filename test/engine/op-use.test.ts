/** The op-use check: muting zeroes exactly the ops' contribution, and a network whose ops output nothing is caught. */
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { computeNormalization } from '../../src/engine/data/normalize.js';
import { measureOpUse, OP_USE_ARCHITECTURES } from '../../src/engine/train/op-use.js';
import { Random } from '../../src/engine/random.js';
import { scoreArchitecture, scoreNoise, type ScoredArchitecture } from '../../src/engine/train/rank.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { EvaluationData } from '../../src/engine/model/score-norm.js';
import { SmashModel } from '../../src/engine/model/smash-model.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { opsUnused } from '../../src/shared/trust.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';
import { memoryDataset } from './data-fixtures.js';

let space: SearchSpace;
let data: EvaluationData;

beforeAll(async () => {
    await selectBackend('cpu');
    space = await compileText(TINY_RUN);
    const rng = new Random('op-use pixels');
    const dataset = memoryDataset(48, 28, 28, 1, () => rng.int(256));
    const train = { data: dataset, indices: Int32Array.from({ length: 32 }, (_, i) => i) };
    const validation = { data: dataset, indices: Int32Array.from({ length: 16 }, (_, i) => 32 + i) };
    data = { split: { train, validation, test: validation }, normalization: computeNormalization(train) };
});

const archs = () => Array.from({ length: 4 }, (_, i) => sampleArchitecture(space, new Random(`op-use:${i}`)));

function logits(model: SmashModel, arch: ReturnType<typeof archs>[number], muted: boolean): number[] {
    return tf.tidy(() => {
        const matrix = model.weightsFor(arch, new Random('z'));
        const x = tf.tensor4d(Float32Array.from({ length: 4 * 28 * 28 }, (_, i) => Math.sin(0.1 * i)), [4, 28, 28, 1]);
        return Array.from(model.net.forward(arch, x, matrix, { training: false }, muted).dataSync());
    });
}

/** What ranking would have recorded for `model`: each architecture with its SMASH score. */
async function scored(model: SmashModel): Promise<ScoredArchitecture[]> {
    const out: ScoredArchitecture[] = [];
    for (const [index, architecture] of archs().entries()) {
        const id = `arch${index}`;
        const { error, loss } = await scoreArchitecture(model, architecture, scoreNoise(space.seed, id), data);
        out.push({ stage: 'random', index, id, score: error, loss, params: 0, macs: 0, architecture });
    }
    return out;
}

describe('muted ops', () => {
    test('a fresh network uses its ops: muting them changes the logits', () => {
        const model = new SmashModel(space, 1);
        for (const arch of archs()) expect(logits(model, arch, true)).not.toEqual(logits(model, arch, false));
    });

    test('muting equals ops whose convs are all zero: the memory layout, transitions and head are untouched', () => {
        const model = new SmashModel(space, 1);
        for (const conv of model.net.mainConvs.flat()) conv.assign(tf.zerosLike(conv));
        for (const arch of archs()) {
            const muted = logits(model, arch, true);
            logits(model, arch, false).forEach((v, i) => expect(v).toBeCloseTo(muted[i]!, 5));
        }
    });
});

describe('measureOpUse', () => {
    test('scores the best architectures again with their ops muted', async () => {
        const model = new SmashModel(space, 2);
        const list = await scored(model);
        const use = (await measureOpUse(model, list, { seed: space.seed, ...data }))!;
        const best = [...list].sort((a, b) => a.score - b.score).slice(0, OP_USE_ARCHITECTURES);
        expect(use.architectures).toBe(OP_USE_ARCHITECTURES);
        expect(use.error).toBeCloseTo(best.reduce((s, a) => s + a.score, 0) / best.length, 10);
        let muted = 0;
        for (const a of best) muted += (await scoreArchitecture(model, a.architecture, scoreNoise(space.seed, a.id), data, true)).error;
        expect(use.mutedError).toBeCloseTo(muted / best.length, 10);
    });

    test('a network whose ops output nothing is reported as not using them', async () => {
        const model = new SmashModel(space, 2);
        for (const conv of model.net.mainConvs.flat()) conv.assign(tf.zerosLike(conv));
        const use = (await measureOpUse(model, await scored(model), { seed: space.seed, ...data }))!;
        expect(use.mutedError).toBe(use.error);
        expect(opsUnused(use)).toBe(true);
    });

    test('nothing scored, nothing measured', async () => {
        expect(await measureOpUse(new SmashModel(space, 2), [], { seed: space.seed, ...data })).toBeUndefined();
    });
});
