/**
 * Shared, channel-sliced batch norm: forward values in both modes and the write-back of running
 * statistics into the full buffers, checked against PyTorch's formulas computed in float64 here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { batchNorm, createBatchNormParams } from '../../src/engine/model/ops/batchnorm.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';
import { randomTensor } from './ops-helpers.js';

/** Per-channel mean and biased variance of NHWC data, in float64. */
function channelStats(data: ArrayLike<number>, c: number): { mean: number[]; variance: number[]; count: number } {
    const count = data.length / c;
    const mean = Array.from({ length: c }, (_, k) => {
        let s = 0;
        for (let i = k; i < data.length; i += c) s += data[i]!;
        return s / count;
    });
    const variance = mean.map((mu, k) => {
        let s = 0;
        for (let i = k; i < data.length; i += c) s += (data[i]! - mu) ** 2;
        return s / count;
    });
    return { mean, variance, count };
}

describe.each(['cpu', 'wasm'] as const)('batchNorm on %s', (backend) => {
    beforeAll(async () => {
        await selectBackend(backend);
    });

    it('training mode normalises with batch statistics and writes running stats back into the prefix only', () => {
        const rng = new Random('bn-train');
        const params = createBatchNormParams(8);
        params.runningMean.assign(tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]));
        params.runningVar.assign(tf.tensor1d([2, 2, 2, 2, 3, 3, 3, 3]));
        params.gamma.assign(tf.tensor1d([1, 2, 0.5, -1, 9, 9, 9, 9]));
        params.beta.assign(tf.tensor1d([0, 1, -1, 2, 9, 9, 9, 9]));
        const x = tf.add(randomTensor(rng, [3, 4, 5, 4], 2), 1) as tf.Tensor4D;
        const y = batchNorm(x, params, { training: true });

        const { mean, variance, count } = channelStats(x.dataSync(), 4);
        const gamma = [1, 2, 0.5, -1];
        const beta = [0, 1, -1, 2];
        const xs = x.dataSync();
        const expected = Array.from(xs, (v, i) => {
            const k = i % 4;
            return ((v - mean[k]!) / Math.sqrt(variance[k]! + 1e-5)) * gamma[k]! + beta[k]!;
        });
        const ys = y.dataSync();
        for (let i = 0; i < ys.length; i++) expect(ys[i]).toBeCloseTo(expected[i]!, 4);

        const rm = params.runningMean.dataSync();
        const rv = params.runningVar.dataSync();
        for (let k = 0; k < 4; k++) {
            expect(rm[k]).toBeCloseTo(0.9 * (k + 1) + 0.1 * mean[k]!, 5);
            expect(rv[k]).toBeCloseTo(0.9 * 2 + 0.1 * variance[k]! * (count / (count - 1)), 5);
        }
        expect(Array.from(rm.slice(4))).toEqual([5, 6, 7, 8]);
        expect(Array.from(rv.slice(4))).toEqual([3, 3, 3, 3]);
        tf.dispose([x, y, ...Object.values(params)]);
    });

    it('training inside a gradient scope still updates the running statistics, once per call', () => {
        const rng = new Random('bn-grad');
        const params = createBatchNormParams(4);
        const x = tf.add(randomTensor(rng, [2, 3, 3, 4]), 5) as tf.Tensor4D;
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(batchNorm(x, params, { training: true }))) as tf.Scalar, [params.gamma, params.beta]);
        const { mean } = channelStats(x.dataSync(), 4);
        const rm = params.runningMean.dataSync();
        for (let k = 0; k < 4; k++) expect(rm[k]).toBeCloseTo(0.1 * mean[k]!, 5);
        expect(Object.keys(grads).length).toBe(2);
        tf.dispose([x, ...Object.values(grads), ...Object.values(params)]);
    });

    it('inference mode uses the running statistics of the channel prefix and changes nothing', () => {
        const params = createBatchNormParams(6);
        params.runningMean.assign(tf.tensor1d([1, -1, 0, 0, 0, 0]));
        params.runningVar.assign(tf.tensor1d([4, 0.25, 1, 1, 1, 1]));
        params.gamma.assign(tf.tensor1d([2, 1, 1, 1, 1, 1]));
        params.beta.assign(tf.tensor1d([1, 0, 0, 0, 0, 0]));
        const x = tf.tensor4d([3, 1, 5, -1], [2, 1, 1, 2]);
        const y = batchNorm(x, params, { training: false, eps: 0 });
        expect(Array.from(y.dataSync())).toEqual([3, 4, 5, 0]);
        expect(Array.from(params.runningMean.dataSync())).toEqual([1, -1, 0, 0, 0, 0]);
        tf.dispose([x, y, ...Object.values(params)]);
    });

    it('rejects more channels than the buffers hold, and a single value per channel in training', () => {
        const params = createBatchNormParams(4);
        expect(() => batchNorm(tf.zeros([2, 2, 2, 5]) as tf.Tensor4D, params, { training: true })).toThrow(/5 channels but the shared buffers hold only 4/);
        expect(() => batchNorm(tf.zeros([1, 1, 1, 4]) as tf.Tensor4D, params, { training: true })).toThrow(/more than one value per channel/);
        expect(() => createBatchNormParams(0)).toThrow(/positive integer/);
    });
});
