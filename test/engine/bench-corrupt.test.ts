/** The corrupted code of the "does the HyperNet use c" test: same shape, different values, same network. */
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { corruptEncoding, scoreWithCode, scoreWithRandomWeights, valueFields } from '../../src/engine/bench/corrupt.js';
import type { Dataset } from '../../src/engine/data/dataset.js';
import { computeNormalization } from '../../src/engine/data/normalize.js';
import { encodeArchitecture, encodingLayout } from '../../src/engine/space/encoding.js';
import { Random } from '../../src/engine/random.js';
import { scoreArchitecture, scoreNoise } from '../../src/engine/train/rank.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { SmashModel } from '../../src/engine/model/smash-model.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;
beforeAll(async () => {
    await selectBackend('wasm');
    space = await compileText(TINY_RUN);
});

/** Sums of +1 entries per channel plane of a [C, k, S'] code. */
function onesPerChannel(data: Float32Array, channels: number): number[] {
    const plane = data.length / channels;
    return Array.from({ length: channels }, (_, c) => data.subarray(c * plane, (c + 1) * plane).filter((v) => v === 1).length);
}

describe('corruptEncoding', () => {
    test('keeps the shape and the +1 count, changes the code, and only touches value fields', () => {
        const layout = encodingLayout(space);
        for (let i = 0; i < 20; i++) {
            const arch = sampleArchitecture(space, new Random(`arch:${i}`));
            const code = encodeArchitecture(space, arch);
            const original = Float32Array.from(code.data);
            const bad = corruptEncoding(space, code, new Random(`c:${i}`));
            expect(code.data).toEqual(original);
            expect(bad.shape).toEqual(code.shape);
            expect(bad.data.filter((v) => v === 1).length).toBe(code.data.filter((v) => v === 1).length);
            expect(Array.from(bad.data)).not.toEqual(Array.from(code.data));
            const before = onesPerChannel(code.data, layout.channels);
            const after = onesPerChannel(bad.data, layout.channels);
            // Read, write and block fields come before the width field and are untouched.
            expect(after.slice(0, layout.width)).toEqual(before.slice(0, layout.width));
            // Within each value field the planes are a rotation of the original ones.
            for (const [first, size] of valueFields(space)) {
                const field = before.slice(first, first + size);
                const moved = after.slice(first, first + size);
                expect([...moved].sort()).toEqual([...field].sort());
            }
        }
    });

    test('covers the width field and every conv slot field of the layout', () => {
        const layout = encodingLayout(space);
        const fields = valueFields(space);
        expect(fields[0]).toEqual([layout.width, layout.rows]);
        const covered = fields.reduce((n, [, size]) => n + size, 0);
        expect(covered).toBe(layout.rows + layout.slots * layout.slotSize);
    });
});

describe('scoreWithCode and scoreWithRandomWeights', () => {
    test('with the true code it gives exactly the SMASH score; with a corrupted one or random weights the same network runs', async () => {
        const images = new Uint8Array(24 * 28 * 28);
        const rng = new Random('pixels');
        for (let i = 0; i < images.length; i++) images[i] = rng.int(256);
        const data: Dataset = {
            kind: 'fashion-mnist', images, labels: Uint8Array.from({ length: 24 }, (_, i) => i % 10), count: 24,
            height: 28, width: 28, channels: 1, classes: 10, flipSafe: true, origin: ['memory'],
        };
        const subset = { data, indices: Int32Array.from({ length: 24 }, (_, i) => i) };
        const split = { train: subset, validation: subset, test: subset };
        const normalization = computeNormalization(subset);
        const model = new SmashModel(space, 2);
        const arch = sampleArchitecture(space, new Random('scored'));
        const id = 'x';
        const truth = await scoreArchitecture(model, arch, scoreNoise(2, id), { split, normalization });
        const same = await scoreWithCode(model, arch, encodeArchitecture(space, arch), scoreNoise(2, id), { split, normalization });
        expect(same.loss).toBe(truth.loss);
        expect(same.error).toBe(truth.error);
        const bad = corruptEncoding(space, encodeArchitecture(space, arch), new Random('c'));
        const lie = await scoreWithCode(model, arch, bad, scoreNoise(2, id), { split, normalization });
        expect(lie.loss).not.toBe(truth.loss);
        // The control: random 1x1 weights of the generated matrix's shape, the same for the same stream.
        const random = await scoreWithRandomWeights(model, arch, new Random('w'), { split, normalization });
        expect(random.loss).not.toBe(truth.loss);
        expect(random).toEqual(await scoreWithRandomWeights(model, arch, new Random('w'), { split, normalization }));
        expect(random.loss).not.toBe((await scoreWithRandomWeights(model, arch, new Random('other'), { split, normalization })).loss);
    });
});
