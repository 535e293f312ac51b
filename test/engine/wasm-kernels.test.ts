/**
 * The faster wasm kernels (ops/wasm-kernels.ts) must give exactly what the cpu backend gives for
 * the same op, for every dtype and axis, and must not leak or alias buffers in a harmful way.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, type BackendChoice } from '../../src/engine/backend/backend.js';
import { installWasmKernels } from '../../src/engine/model/ops/wasm-kernels.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';

type Values = Array<number[] | number[][]>;

/** f on the cpu backend and on wasm with the replaced kernels, from the same input values. */
async function onBoth(inputs: Array<{ shape: number[]; dtype: tf.DataType }>, f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<Record<BackendChoice, Values>> {
    const rng = new Random(JSON.stringify(inputs));
    const data = inputs.map(({ shape, dtype }) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () =>
        dtype === 'float32' ? rng.normal() : dtype === 'int32' ? rng.int(1000) - 500 : rng.int(2)));
    const out = {} as Record<BackendChoice, Values>;
    for (const backend of ['cpu', 'wasm'] as const) {
        await selectBackend(backend);
        const result = tf.tidy(() => f(...inputs.map(({ shape, dtype }, i) => tf.tensor(data[i]!, shape, dtype))));
        const list = Array.isArray(result) ? result : [result];
        out[backend] = list.map((t) => Array.from(t.dataSync()));
        tf.dispose(list);
    }
    return out;
}

describe('wasm kernels', () => {
    beforeAll(async () => {
        await selectBackend('wasm');
        installWasmKernels();
    });

    it.each([
        [[2, 3, 4, 5], [0, 1, 1, 2], [2, 2, 3, 2]],
        [[2, 3, 4, 5], [1, 0, 0, 0], [1, 3, 4, 5]],
        [[2, 3, 4, 5], [0, 0, 0, 3], [2, 3, 4, 2]],
        [[2, 3, 4, 5], [0, 2, 0, 0], [2, 1, 4, 5]],
        [[6, 7], [2, 3], [3, 4]],
        [[9], [4], [5]],
        [[2, 3, 4, 5], [0, 0, 0, 0], [2, 3, 4, 0]],
    ])('Slice of %j from %j, size %j, as float32, int32 and bool', async (shape, begin, size) => {
        for (const dtype of ['float32', 'int32', 'bool'] as const) {
            const r = await onBoth([{ shape, dtype }], (x) => tf.slice(x!, begin, size));
            expect(r.wasm).toEqual(r.cpu);
        }
    });

    it.each([0, 1, 2, 3])('Concat and SplitV along axis %i', async (axis) => {
        const shapes = [[2, 3, 4, 5], [2, 3, 4, 5], [2, 3, 4, 5]].map((s, i) => s.map((d, k) => (k === axis ? d + i : d)));
        for (const dtype of ['float32', 'int32', 'bool'] as const) {
            const r = await onBoth(shapes.map((shape) => ({ shape, dtype })), (...xs) => {
                const joined = tf.concat(xs, axis);
                return [joined, ...tf.split(joined, [shapes[0]![axis]!, shapes[1]![axis]! + shapes[2]![axis]!], axis)];
            });
            expect(r.wasm).toEqual(r.cpu);
        }
    });

    it('Concat skips empty inputs', async () => {
        const r = await onBoth([{ shape: [2, 0, 3], dtype: 'float32' }, { shape: [2, 4, 3], dtype: 'float32' }], (a, b) => tf.concat([a!, b!], 1));
        expect(r.wasm).toEqual(r.cpu);
    });

    it('a clone and a same-dtype cast share the buffer and survive the original; other casts convert', async () => {
        await selectBackend('wasm');
        const before = tf.memory().numTensors;
        const dataIds = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
        const x = tf.tensor1d([1.5, -2, 3]);
        const copy = tf.clone(x);
        const same = tf.cast(x, 'float32');
        const asInt = tf.cast(x, 'int32');
        x.dispose();
        expect(Array.from(copy.dataSync())).toEqual([1.5, -2, 3]);
        expect(Array.from(same.dataSync())).toEqual([1.5, -2, 3]);
        expect(Array.from(asInt.dataSync())).toEqual([1, -2, 3]);
        tf.dispose([copy, same, asInt]);
        expect(tf.memory().numTensors).toBe(before);
        expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(dataIds);
    });

    it('gradients through slice, concat and split match the cpu backend', async () => {
        const r = await onBoth([{ shape: [2, 5, 4, 6], dtype: 'float32' }], (x) => tf.grad((a) => {
            const [p, q] = tf.split(a, [2, 4], 3);
            return tf.sum(tf.mul(tf.concat([tf.slice(q!, [0, 1, 0, 1], [2, 3, 4, 2]), tf.slice(p!, [0, 1, 0, 0], [2, 3, 4, 2])], 3), 3));
        })(x!));
        expect(r.wasm).toEqual(r.cpu);
    });
});
