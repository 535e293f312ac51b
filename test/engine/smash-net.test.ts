import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { encodeArchitecture, opWeightIndices } from '../../src/engine/space/encoding.js';
import { generatedMatrix, HyperNet } from '../../src/engine/model/hypernet.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { SmashNet } from '../../src/engine/model/smash-net.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;

beforeAll(async () => {
    await selectBackend('wasm');
    space = await compileText(readFileSync('examples/fashion-tiny.smash', 'utf8'));
});

/** [C, k, S'] code -> [k, S', C] as the HyperNet reads it. */
function codeTensor(space: SearchSpace, arch: ReturnType<typeof sampleArchitecture>): tf.Tensor3D {
    const { data, shape } = encodeArchitecture(space, arch);
    return tf.tensor3d(data, shape).transpose([1, 2, 0]);
}

describe('HyperNet', () => {
    test('parameter count of the spec defaults (C = 91, growth 10, stages [8, 10, 4]): 582,541', () => {
        const net = new HyperNet({ growth: 10, stages: [8, 10, 4], stem: 7, multiplier: 1, leak: 0.02, legacyEncoding: false },
            { codeChannels: 91, unit: 8, slice: 2, maxWidth: 64 }, new Random(0));
        expect(net.parameterCount).toBe(582_541);
        expect(net.outputChannels).toBe(128);
    });

    test('generatedMatrix agrees with the element-wise mapping of spec 4.4, for every op', () => {
        for (const multiplier of [1, 2]) {
            const s = { ...space, hypernet: { ...space.hypernet, multiplier } };
            const arch = sampleArchitecture(s, new Random(multiplier));
            const k = s.maxWidth / s.unit;
            const columns = encodeArchitecture(s, arch).shape[2];
            const channels = multiplier * s.unit * s.unit * s.slice;
            const values = Float32Array.from({ length: k * columns * channels }, (_, i) => i);
            // output [k, S', B] holds value = its flat index in [B, k, S'] layout, so indices can be compared.
            const asBks = tf.tensor3d(values, [channels, k, columns]);
            const matrix = generatedMatrix(asBks.transpose([1, 2, 0]), s.unit, s.slice, multiplier);
            for (const op of arch.blocks.flatMap((b) => b.ops)) {
                const indices = opWeightIndices(s, op, columns);
                const cols = indices.length / op.nIn;
                const sliced = matrix.slice([op.rowStart, 0], [op.nIn, cols]).dataSync();
                expect(Array.from(sliced)).toEqual(Array.from(indices));
            }
        }
    });
});

describe('SMASH network', () => {
    test('forward of sampled architectures gives finite logits; gradients reach the HyperNet and the shared convs', () => {
        const rng = new Random(7);
        const net = new SmashNet(space, rng.fork('net'));
        const code0 = encodeArchitecture(space, sampleArchitecture(space, rng.fork('a')));
        const hyper = new HyperNet(space.hypernet, { codeChannels: code0.shape[0], unit: space.unit, slice: space.slice, maxWidth: space.maxWidth }, rng.fork('h'));
        const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
        const labels = tf.oneHot(tf.tensor1d([3, 7], 'int32'), 10);
        for (let i = 0; i < 3; i++) {
            const arch = sampleArchitecture(space, rng.fork(`arch${i}`));
            const code = codeTensor(space, arch);
            const [k, columns] = code.shape;
            const z = tf.randomNormal([k, columns], 0, 1, 'float32', i) as tf.Tensor2D;
            const { value, grads } = tf.variableGrads(() => {
                const matrix = generatedMatrix(hyper.forward(code, z), space.unit, space.slice, space.hypernet.multiplier);
                const logits = net.forward(arch, x, matrix, { training: true });
                expect(logits.shape).toEqual([2, 10]);
                return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
            });
            expect(Number.isFinite(value.dataSync()[0])).toBe(true);
            const named = new Map([...hyper.parameters(), ...net.parameters()].map((p) => [p.variable.name, p.name]));
            const reached = Object.keys(grads).map((k) => named.get(k));
            expect(reached).toContain('hypernet/output');
            expect(reached).toContain('stem');
            expect(reached).toContain('block0/conv0');
            for (const g of Object.values(grads)) expect(g.dataSync().every(Number.isFinite)).toBe(true);
            tf.dispose([value, code, z, ...Object.values(grads)]);
        }
    });
});
