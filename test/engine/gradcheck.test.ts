/**
 * Finite-difference checks of the engine's hand-written gradients on the cpu and the (patched) wasm
 * backend. tfjs has no float64, so the loss L = sum(y * R) (R fixed, uniform in [-1, 1]) is
 * accumulated in float64 from y's float32 values, and the step's true size is measured after
 * rounding x +- h to float32 (helpers.gradCheck). Every element of every input is checked.
 *
 * Tolerances:
 * - conv2d is linear in x and in w separately, so the central difference is exact for any step and
 *   only float32 rounding of y remains: each output sums at most 7*7*8 = 392 products, relative
 *   error well below 392 * 2^-24 = 2.3e-5 of the gradient scale. Step 0.5, tolerance 1e-4: a wrong
 *   tap, group, border or stride gives an error of order 1.
 * - batchNorm and weightNorm are smooth but not linear: the central difference has an h^2 third-
 *   derivative term (~1e-4 relative at h = 1e-2 for unit-scale inputs) and rounding of the perturbed
 *   outputs divided by 2h (~1e-5); measured at most 8e-5. Tolerance 1e-3.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { batchNorm, createBatchNormParams } from '../../src/engine/model/ops/batchnorm.js';
import { conv2d, sliceConvWeight, type Conv2dOptions } from '../../src/engine/model/ops/conv.js';
import { weightNorm } from '../../src/engine/model/ops/weight-norm.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';
import { gradCheck, randomTensor } from './ops-helpers.js';

const LINEAR_TOL = 1e-4;
const SMOOTH_TOL = 1e-3;

/** [x shape, w shape, options]: strides 1/2, dilations 1/2/3 per axis, groups 1/2/4 (both group paths), non-square kernels. */
const convCases: Array<[number[], number[], Conv2dOptions]> = [
    [[2, 5, 6, 4], [3, 3, 4, 3], {}],
    [[2, 7, 6, 4], [3, 3, 4, 4], { stride: 2 }],
    [[2, 7, 8, 4], [3, 3, 2, 4], { dilation: [2, 1], groups: 2 }],
    [[1, 8, 9, 4], [3, 3, 1, 4], { dilation: [1, 3], groups: 4 }],
    [[1, 9, 8, 4], [3, 5, 1, 4], { dilation: [3, 1], groups: 4, stride: [1, 2] }],
    [[2, 7, 7, 2], [5, 3, 2, 2], { dilation: [1, 2] }],
    [[1, 9, 9, 2], [3, 3, 2, 2], { dilation: 2, stride: 2 }],
    [[1, 8, 8, 4], [3, 3, 2, 2], { dilation: [2, 3], groups: 2, padding: 'valid' }],
    [[2, 4, 5, 6], [1, 1, 6, 3], {}],
    [[1, 6, 5, 2], [3, 1, 2, 4], { padding: [2, 1], stride: [2, 1] }],
    // The other way of computing groups ('auto' picks 'split' only for wider groups than these).
    [[2, 5, 5, 4], [3, 3, 2, 4], { groups: 2, dilation: [1, 2], groupStrategy: 'split' }],
    [[1, 7, 6, 4], [5, 3, 1, 4], { groups: 4, stride: 2, groupStrategy: 'split' }],
];

describe.each(['cpu', 'wasm'] as const)('gradients on %s', (backend) => {
    beforeAll(async () => {
        await selectBackend(backend);
    });

    it.each(convCases)('conv2d x %j w %j %j', (xShape, wShape, options) => {
        const rng = new Random(`conv ${xShape} ${wShape} ${JSON.stringify(options)}`);
        const x = randomTensor(rng, xShape);
        const w = randomTensor(rng, wShape);
        const result = gradCheck((a, b) => conv2d(a as tf.Tensor4D, b as tf.Tensor4D, options), [x, w], rng, 0.5);
        expect(Math.min(...result.scale)).toBeGreaterThan(0.1);
        for (const e of result.relError) expect(e).toBeLessThan(LINEAR_TOL);
        tf.dispose([x, w]);
    });

    it('conv2d with a weight sliced from a shared bank: gradient lands in the used crop only', () => {
        const rng = new Random('bank');
        const bank = randomTensor(rng, [5, 5, 6, 5]) as tf.Tensor4D;
        const x = randomTensor(rng, [2, 6, 6, 6]);
        // A 3x1 centred crop, 3 input channels per group (groups 2 over 6 channels), first 4 outputs, dilated rows.
        const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
            conv2d(a as tf.Tensor4D, sliceConvWeight(b as tf.Tensor4D, 3, 1, 3, 4), { groups: 2, dilation: [2, 1] });
        const result = gradCheck(f, [x, bank], rng, 0.5);
        for (const e of result.relError) expect(e).toBeLessThan(LINEAR_TOL);
        const dBank = tf.grad((b: tf.Tensor) => tf.sum(f(x, b)))(bank);
        const used = tf.slice(dBank, [1, 2, 0, 0], [3, 1, 3, 4]);
        expect(tf.sum(tf.abs(dBank)).dataSync()[0]).toBeCloseTo(tf.sum(tf.abs(used)).dataSync()[0]!, 3);
        expect(tf.min(tf.abs(used)).dataSync()[0]).toBeGreaterThan(0);
        tf.dispose([bank, x, dBank, used]);
    });

    it('batchNorm in training mode: gradients wrt x, gamma and beta (channel prefix of wider buffers)', () => {
        const rng = new Random('bn');
        const params = createBatchNormParams(6);
        const x = randomTensor(rng, [3, 2, 3, 4], 2);
        const gamma = tf.add(randomTensor(rng, [6], 0.5), 1);
        const beta = randomTensor(rng, [6]);
        const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor =>
            batchNorm(a as tf.Tensor4D, { ...params, gamma: g as tf.Tensor1D, beta: b as tf.Tensor1D }, { training: true });
        const result = gradCheck(f, [x, gamma, beta], rng, 1e-2);
        for (const e of result.relError) expect(e).toBeLessThan(SMOOTH_TOL);
        tf.dispose([x, gamma, beta, ...Object.values(params)]);
    });

    it('weightNorm, alone and feeding a conv', () => {
        const rng = new Random('wn');
        const w = randomTensor(rng, [3, 3, 2, 4]);
        const x = randomTensor(rng, [1, 4, 4, 2]);
        const alone = gradCheck((a) => weightNorm(a), [w], rng, 1e-2);
        const inConv = gradCheck((a, b) => conv2d(a as tf.Tensor4D, weightNorm(b as tf.Tensor4D)), [x, w], rng, 1e-2);
        for (const e of [...alone.relError, ...inConv.relError]) expect(e).toBeLessThan(SMOOTH_TOL);
        tf.dispose([w, x]);
    });
});
