/**
 * The wasm kernel fixes: gradients of plain tf.maxPool and tf.conv2d on patched wasm must equal the
 * cpu backend's, including the cases the stock wasm kernels get wrong or lack.
 */
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendChoice } from '../../src/engine/backend/backend.js';
import { Random } from '../../src/engine/random.js';
import { maxRelativeError } from '../../src/engine/relative-error.js';
import { tf } from '../../src/engine/backend/tf.js';
import { randomTensor } from './ops-helpers.js';

/** Runs f on each backend with the same input data and returns the outputs' values. */
async function onBoth(inputs: Float32Array[], shapes: number[][], f: (...xs: tf.Tensor[]) => tf.Tensor[]): Promise<Record<string, Float32Array[]>> {
    const out: Record<string, Float32Array[]> = {};
    for (const backend of ['cpu', 'wasm'] as BackendChoice[]) {
        await selectBackend(backend);
        out[backend] = tf.tidy(() => f(...inputs.map((d, i) => tf.tensor(d, shapes[i]!)))).map((t) => {
            const v = t.dataSync() as Float32Array;
            t.dispose();
            return v;
        });
    }
    return out;
}


describe('wasm kernel patches', () => {
    it('MaxPoolGrad sends the gradient to the maximum of an all-negative window', async () => {
        await selectBackend('wasm');
        const x = tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]);
        const dx = tf.grad((a) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))(x);
        expect(Array.from(dx.dataSync())).toEqual([0, 0, 0, 1]);
        tf.dispose([x, dx]);
    });

    it('maxPool gradients (3x3 s1 same, 2x2 s2) on mostly negative inputs match cpu', async () => {
        const rng = new Random('maxpool');
        const data = Float32Array.from({ length: 2 * 8 * 8 * 3 }, () => rng.normal() - 1.5);
        const dy = Float32Array.from({ length: 2 * 8 * 8 * 3 }, () => rng.normal());
        const res = await onBoth([data, dy], [[2, 8, 8, 3], [2, 8, 8, 3]], (x, g) => [
            tf.grad((a) => tf.maxPool(a as tf.Tensor4D, 3, 1, 'same'))(x!, g),
            tf.grad((a) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'))(x!, tf.slice(g!, [0, 0, 0, 0], [2, 4, 4, 3])),
        ]);
        expect(maxRelativeError(res.wasm![0]!, res.cpu![0]!)).toBeLessThan(1e-6);
        expect(maxRelativeError(res.wasm![1]!, res.cpu![1]!)).toBeLessThan(1e-6);
    });

    it.each([
        [1, 'same'], [2, 'same'], [1, 'valid'], [2, 'valid'], [1, [[0, 0], [2, 0], [1, 1], [0, 0]]],
    ] as Array<[number, 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]]]>)(
        'tf.conv2d gradients (filter: added kernel; input: stride-1 override) match cpu: stride %s pad %j',
        async (stride, pad) => {
            const rng = new Random(`tfconv ${stride} ${JSON.stringify(pad)}`);
            const x = randomTensor(rng, [2, 7, 6, 3]);
            const w = randomTensor(rng, [3, 3, 3, 4]);
            const xd = x.dataSync() as Float32Array;
            const wd = w.dataSync() as Float32Array;
            tf.dispose([x, w]);
            const res = await onBoth([xd, wd], [[2, 7, 6, 3], [3, 3, 3, 4]], (a, b) =>
                tf.grads((p, q) => tf.sum(tf.square(tf.conv2d(p as tf.Tensor4D, q as tf.Tensor4D, stride, pad))))([a!, b!]),
            );
            expect(maxRelativeError(res.wasm![0]!, res.cpu![0]!)).toBeLessThan(1e-5);
            expect(maxRelativeError(res.wasm![1]!, res.cpu![1]!)).toBeLessThan(1e-5);
        },
    );
});
