import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { encodeArchitecture, opWeightIndices } from '../../src/engine/space/encoding.js';
import { generatedMatrix, HyperNet } from '../../src/engine/model/hypernet.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { frameParts, SmashNet } from '../../src/engine/model/smash-net.js';
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

describe('head grid', () => {
    /** The head of a fresh frame on x: [1, h, w, c], with running statistics (mean 0, variance 1: BN is the identity up to eps). */
    function headOf(grid: number | undefined, x: tf.Tensor4D): { logits: Float32Array; fc: Float32Array; bias: Float32Array; maxIn: number } {
        const s: SearchSpace = { ...space, head: grid === undefined ? undefined : { grid, at: space.at } };
        const net = new SmashNet(s, new Random(5));
        tf.tidy(() => net.frame.fcBias.assign(tf.randomNormal([s.classes], 0, 1, 'float32', 2)));
        const logits = tf.tidy(() => frameParts(s, net.frame, { training: false }, true).head(x).dataSync() as Float32Array);
        const maxIn = net.frame.fc.shape[0] / (grid ?? 1) ** 2;
        return { logits, fc: net.frame.fc.dataSync() as Float32Array, bias: net.frame.fcBias.dataSync() as Float32Array, maxIn };
    }

    test("each cell's mean feeds its own slab of the classifier, with the overlapping windows PyTorch's AvgPool2d takes", () => {
        // fashion-tiny's last block works on 7 x 7 maps; a 2 x 2 grid pools rows and columns 0-3 and 3-6.
        const c = 8;
        const values = Float32Array.from({ length: 7 * 7 * c }, (_, i) => Math.sin(i));
        const x = tf.tensor4d(values, [1, 7, 7, c]);
        const { logits, fc, bias, maxIn } = headOf(2, x);
        expect(maxIn).toBe(space.blocks[1]!.maxBanks * space.unit);
        const bnScale = 1 / Math.sqrt(1 + 1e-5);
        for (let k = 0; k < space.classes; k++) {
            let expected = bias[k]!;
            for (let cell = 0; cell < 4; cell++) {
                const [r0, c0] = [3 * Math.floor(cell / 2), 3 * (cell % 2)];
                for (let ch = 0; ch < c; ch++) {
                    let sum = 0;
                    for (let r = r0; r < r0 + 4; r++) for (let q = c0; q < c0 + 4; q++) sum += Math.max(0, values[(r * 7 + q) * c + ch]! * bnScale);
                    expected += (sum / 16) * fc[(cell * maxIn + ch) * space.classes + k]!;
                }
            }
            expect(logits[k]).toBeCloseTo(expected, 4);
        }
        x.dispose();
    });

    test.each([1, undefined])('grid %s is global average pooling, as the paper (undefined: a run saved before the head had a grid)', (grid) => {
        const x = tf.randomNormal([1, 7, 7, 12], 0, 1, 'float32', 4) as tf.Tensor4D;
        const { logits, fc, bias, maxIn } = headOf(grid, x);
        expect(maxIn).toBe(space.blocks[1]!.maxBanks * space.unit);
        const relu = tf.tidy(() => tf.mean(tf.relu(tf.mul(x, 1 / Math.sqrt(1 + 1e-5))), [1, 2]).dataSync());
        for (let k = 0; k < space.classes; k++) {
            const expected = bias[k]! + Array.from(relu).reduce((sum, v, ch) => sum + v * fc[ch * space.classes + k]!, 0);
            expect(logits[k]).toBeCloseTo(expected, 4);
        }
        x.dispose();
    });
});
