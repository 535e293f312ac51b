/**
 * Forward values of the engine's conv2d: against a float64 loop implementation of PyTorch's conv,
 * against tf.conv2d's own dilated forward, and against one tf.conv2d per group. Plus the bank
 * slicing rules and the error messages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { conv2d, convOutputLength, samePadding, sliceConvWeight, type Conv2dOptions } from '../../src/engine/model/ops/conv.js';
import { convGeometry } from '../../src/engine/model/ops/conv-geometry.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';
import { randomTensor, referenceConv } from './ops-helpers.js';

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
    expect(a.length).toBe(b.length);
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
    return m;
}

const cases: Array<[number[], number[], Conv2dOptions]> = [
    [[2, 9, 8, 4], [3, 3, 4, 6], { dilation: [3, 2] }],
    [[2, 9, 8, 4], [5, 3, 1, 8], { dilation: [2, 1], groups: 4 }],
    [[1, 10, 11, 8], [7, 7, 1, 8], { groups: 8 }],
    [[2, 9, 9, 4], [3, 5, 2, 4], { stride: 2, dilation: [2, 1], groups: 2 }],
    [[1, 8, 7, 3], [1, 1, 3, 5], { stride: [2, 1] }],
    [[1, 8, 7, 2], [3, 3, 2, 2], { padding: 'valid', dilation: 3 }],
    [[1, 6, 6, 2], [2, 4, 2, 3], {}],
    [[1, 6, 7, 16], [3, 3, 8, 16], { groups: 2, dilation: [1, 2] }],
    [[2, 7, 7, 8], [5, 5, 4, 8], { groups: 2, stride: [1, 2] }],
];

describe.each(['cpu', 'wasm'] as const)('conv2d forward on %s', (backend) => {
    beforeAll(async () => {
        await selectBackend(backend);
    });

    it.each(cases)('matches a float64 PyTorch-semantics reference: x %j w %j %j', (xShape, wShape, options) => {
        const rng = new Random(`fwd ${xShape} ${JSON.stringify(options)}`);
        const x = randomTensor(rng, xShape) as tf.Tensor4D;
        const w = randomTensor(rng, wShape) as tf.Tensor4D;
        const g = convGeometry(xShape, wShape, options);
        const y = conv2d(x, w, options);
        expect(y.shape).toEqual([g.batch, ...g.outSize, g.outChannels]);
        expect(maxAbsDiff(y.dataSync(), referenceConv(x.dataSync(), w.dataSync(), g))).toBeLessThan(1e-4);
        tf.dispose([x, w, y]);
    });

    it('dilated conv equals tf.conv2d with native dilations and "same" padding (odd kernels)', () => {
        const rng = new Random('native');
        const x = randomTensor(rng, [2, 11, 10, 3]) as tf.Tensor4D;
        for (const [kh, kw, dh, dw] of [[3, 3, 2, 2], [3, 5, 3, 1], [5, 3, 1, 2], [3, 3, 3, 3]] as const) {
            const w = randomTensor(rng, [kh, kw, 3, 4]) as tf.Tensor4D;
            const ours = conv2d(x, w, { dilation: [dh, dw] });
            const native = tf.conv2d(x, w, 1, 'same', 'NHWC', [dh, dw]);
            expect(maxAbsDiff(ours.dataSync(), native.dataSync())).toBeLessThan(1e-5);
            tf.dispose([w, ours, native]);
        }
        x.dispose();
    });

    it('grouped conv equals one tf.conv2d per group, output group j reading input group j', () => {
        const rng = new Random('groups');
        const x = randomTensor(rng, [2, 6, 6, 16]) as tf.Tensor4D;
        for (const [groups, groupStrategy] of [[2, 'auto'], [4, 'auto'], [8, 'split'], [2, 'blockDiagonal'], [4, 'split']] as const) {
            const w = randomTensor(rng, [3, 3, 16 / groups, 16]) as tf.Tensor4D;
            const ours = conv2d(x, w, { groups, groupStrategy });
            const perGroup = tf.tidy(() => {
                const xs = tf.split<tf.Tensor4D>(x, groups, 3);
                const ws = tf.split<tf.Tensor4D>(w, groups, 3);
                return tf.concat(xs.map((xi, j) => tf.conv2d(xi, ws[j]!, 1, 'same')), 3);
            });
            expect(maxAbsDiff(ours.dataSync(), perGroup.dataSync())).toBeLessThan(1e-5);
            tf.dispose([w, ours, perGroup]);
        }
        x.dispose();
    });
});

describe('shared weight banks and geometry', () => {
    it('sliceConvWeight takes the centred crop, the first in/groups inputs and the first outputs', () => {
        // bank[i, j, c, o] = 1000 i + 100 j + 10 c + o, so every picked entry names its origin.
        const bank = tf.tensor4d(Float32Array.from({ length: 7 * 7 * 4 * 3 }, (_, k) => {
            const o = k % 3, c = Math.floor(k / 3) % 4, j = Math.floor(k / 12) % 7, i = Math.floor(k / 84);
            return 1000 * i + 100 * j + 10 * c + o;
        }), [7, 7, 4, 3]);
        const w = sliceConvWeight(bank, 3, 5, 2, 2);
        expect(w.shape).toEqual([3, 5, 2, 2]);
        const v = w.arraySync();
        expect(v[0]![0]![0]![0]).toBe(2000 + 100);
        expect(v[2]![4]![1]![1]).toBe(4000 + 500 + 10 + 1);
        expect(sliceConvWeight(bank, 7, 7, 4, 3)).toBe(bank);
        expect(() => sliceConvWeight(bank, 4, 3, 2, 2)).toThrow(/centred crop/);
        expect(() => sliceConvWeight(bank, 3, 3, 5, 2)).toThrow(/exceed/);
        tf.dispose([bank, w]);
    });

    it('"same" padding is (k + (k-1)(d-1)) // 2 and keeps odd kernels at stride 1 size-preserving', () => {
        expect([samePadding(3), samePadding(3, 2), samePadding(3, 3), samePadding(5, 2), samePadding(7)]).toEqual([1, 2, 3, 4, 3]);
        for (const [k, d] of [[3, 1], [3, 2], [3, 3], [5, 2], [7, 1]]) expect(convOutputLength(16, k!, 1, d!, samePadding(k!, d!))).toBe(16);
        expect(convOutputLength(16, 3, 2, 1, 1)).toBe(8);
    });

    it('rejects inconsistent shapes with messages that name them', () => {
        const x = tf.zeros([1, 4, 4, 6]) as tf.Tensor4D;
        expect(() => conv2d(x, tf.zeros([3, 3, 4, 6]) as tf.Tensor4D)).toThrow(/x has 6 channels but w \[3,3,4,6\] with groups=1 expects 4/);
        expect(() => conv2d(x, tf.zeros([3, 3, 3, 5]) as tf.Tensor4D, { groups: 2 })).toThrow(/5 output channels cannot be split into groups=2/);
        expect(() => conv2d(x, tf.zeros([3, 3, 6, 2]) as tf.Tensor4D, { dilation: 0 })).toThrow(/dilation must be an integer >= 1/);
        expect(() => conv2d(x, tf.zeros([7, 7, 6, 2]) as tf.Tensor4D, { padding: 'valid' })).toThrow(/does not fit a 4x4 input/);
        expect(() => conv2d(x, tf.zeros([3, 3, 3, 2]) as tf.Tensor4D, { groups: 2, groupStrategy: 'mask' as 'split' })).toThrow(/groupStrategy must be/);
        expect(() => conv2d(tf.zeros([4, 4, 6]) as unknown as tf.Tensor4D, tf.zeros([3, 3, 6, 2]) as tf.Tensor4D)).toThrow(/x must be \[batch/);
    });
});
