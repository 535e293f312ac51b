/**
 * No tensor leaks: repeated training steps through conv2d (dilated, grouped, sliced from a bank),
 * weightNorm and the shared batchNorm keep tf.memory().numTensors flat, on cpu and patched wasm.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { batchNorm, createBatchNormParams } from '../../src/engine/model/ops/batchnorm.js';
import { conv2d, sliceConvWeight } from '../../src/engine/model/ops/conv.js';
import { orthogonal } from '../../src/engine/model/ops/init.js';
import { weightNorm } from '../../src/engine/model/ops/weight-norm.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';

describe.each(['cpu', 'wasm'] as const)('memory on %s', (backend) => {
    beforeAll(async () => {
        await selectBackend(backend);
    });

    it('numTensors is flat over repeated forward + backward + update', () => {
        const rng = new Random('leak');
        const bank = tf.variable(orthogonal([7, 7, 8, 8], rng), true);
        const pointwise = tf.variable(orthogonal([1, 1, 4, 8], rng), true);
        const bn = createBatchNormParams(8);
        const x = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 7) as tf.Tensor4D;
        const step = (i: number): void => {
            tf.tidy(() => {
                const { value, grads } = tf.variableGrads(() => {
                    let h = conv2d(x, weightNorm(pointwise) as tf.Tensor4D);
                    h = tf.relu(batchNorm(h, bn, { training: true }));
                    h = conv2d(h, sliceConvWeight(bank, 3, 5, 8 / 2, 8), { dilation: [2, 1], groups: 2, groupStrategy: 'blockDiagonal' });
                    h = conv2d(h, sliceConvWeight(bank, 3, 3, 8 / 2, 8), { groups: 2, groupStrategy: 'split' });
                    h = batchNorm(tf.maxPool(h, 3, 1, 'same'), bn, { training: true });
                    return tf.mean(tf.square(h)) as tf.Scalar;
                }, [bank, pointwise, bn.gamma, bn.beta]);
                expect(Number.isFinite(value.dataSync()[0])).toBe(true);
                for (const v of [bank, pointwise, bn.gamma, bn.beta]) v.assign(tf.sub(v, tf.mul(grads[v.name]!, 0.01 * (i + 1))));
            });
        };
        step(0);
        const before = tf.memory().numTensors;
        for (let i = 1; i < 6; i++) step(i);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([bank, pointwise, x, ...Object.values(bn)]);
    });
});
