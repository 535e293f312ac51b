import { describe, expect, test } from 'vitest';
import { Adam, learningRate, Sgd } from '../../src/engine/train/optim.js';
import { tf } from '../../src/engine/backend/tf.js';

const sgd = (lr: number) => ({ kind: 'sgd' as const, lr, momentum: 0.9, nesterov: true });
const param = (name: string, value: number[], decay = false) => ({ name, variable: tf.variable(tf.tensor1d(value)), decay });

describe('optimisers', () => {
    test('Adam: the first step moves each weight by lr against the gradient sign (bias-corrected)', () => {
        const p = param('w', [1, -2]);
        const adam = new Adam([p], { kind: 'adam', lr: 0.1, beta1: 0.5, beta2: 0.999, eps: 1e-8 }, 0);
        adam.step({ w: tf.tensor1d([3, -0.5]) }, 0.1);
        const [a, b] = p.variable.dataSync();
        expect(a).toBeCloseTo(0.9, 5);
        expect(b).toBeCloseTo(-1.9, 5);
    });

    test('Adam: second step matches the PyTorch formula', () => {
        const p = param('w', [0]);
        const spec = { kind: 'adam' as const, lr: 0.01, beta1: 0.5, beta2: 0.999, eps: 1e-4 };
        const adam = new Adam([p], spec, 0);
        adam.step({ w: tf.tensor1d([1]) }, 0.01);
        adam.step({ w: tf.tensor1d([2]) }, 0.005);
        const m = 0.5 * 0.5 * 1 + 0.5 * 2;
        const v = 0.999 * 0.001 * 1 + 0.001 * 4;
        const expected = -0.01 / (1 + 1e-4) - (0.005 / (1 - 0.25)) * m / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-4);
        expect(p.variable.dataSync()[0]).toBeCloseTo(expected, 6);
    });

    test('SGD with Nesterov momentum and coupled weight decay, only on parameters that decay', () => {
        const decayed = param('a', [1], true);
        const plain = param('b', [1], false);
        const sgd = new Sgd([decayed, plain], { kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true }, 0.5);
        sgd.step({ a: tf.tensor1d([1]), b: tf.tensor1d([1]) }, 0.1);
        // g = 1 + 0.5·1 = 1.5; buffer = g; direction = g + 0.9·g
        expect(decayed.variable.dataSync()[0]).toBeCloseTo(1 - 0.1 * 1.5 * 1.9, 6);
        expect(plain.variable.dataSync()[0]).toBeCloseTo(1 - 0.1 * 1 * 1.9, 6);
    });

    test('a parameter without a gradient is not touched, and state round-trips', async () => {
        const used = param('used', [1]);
        const unused = param('unused', [5]);
        const adam = new Adam([used, unused], { kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, 0.1);
        adam.step({ used: tf.tensor1d([1]) }, 0.1);
        expect(unused.variable.dataSync()[0]).toBe(5);
        const state = await adam.state();
        expect(Object.keys(state).sort()).toEqual(['used#0', 'used#1', 'used#t']);
        const copy = param('used', Array.from(used.variable.dataSync()));
        const restored = new Adam([copy, unused], { kind: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, 0.1);
        restored.restore(state);
        adam.step({ used: tf.tensor1d([-2]) }, 0.05);
        restored.step({ used: tf.tensor1d([-2]) }, 0.05);
        expect(copy.variable.dataSync()[0]).toBe(used.variable.dataSync()[0]);
    });

    test('cosine schedule per step', () => {
        const paper = { optimizer: sgd(0.1), schedule: 'cosine' as const, warmup: 0, lrFloor: 0 };
        expect(learningRate(paper, 0, 100)).toBeCloseTo(0.1);
        expect(learningRate(paper, 50, 100)).toBeCloseTo(0.05);
        expect(learningRate(paper, 100, 100)).toBeCloseTo(0);
        expect(learningRate({ ...paper, schedule: 'constant' }, 50, 100)).toBe(0.1);
    });

    test('warm-up rises linearly to lr0, then cosine ends at the floor', () => {
        const plan = { optimizer: sgd(0.1), schedule: 'cosine' as const, warmup: 0.1, lrFloor: 0.1 };
        expect(learningRate(plan, 0, 100)).toBeCloseTo(0.01);
        expect(learningRate(plan, 4, 100)).toBeCloseTo(0.05);
        expect(learningRate(plan, 9, 100)).toBeCloseTo(0.1);
        expect(learningRate(plan, 10, 100)).toBeCloseTo(0.1);
        expect(learningRate(plan, 55, 100)).toBeCloseTo(0.055);
        expect(learningRate(plan, 100, 100)).toBeCloseTo(0.01);
        expect(learningRate({ ...plan, schedule: 'constant' }, 2, 100)).toBeCloseTo(0.03);
        expect(learningRate({ ...plan, schedule: 'constant' }, 60, 100)).toBe(0.1);
    });
});
