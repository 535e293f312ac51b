/**
 * Reading tensor values, always asynchronously: on the webgpu backend `dataSync()`/`arraySync()`
 * throw for a GPU-resident tensor (tfjs reads synchronously through a canvas Node does not have),
 * and elsewhere `await data()` costs the same. test/engine/async-reads.test.ts keeps it so.
 */
import type { NamedArray } from '../run/checkpoint.js';
import type { tf } from './tf.js';

/** The first value of t (a scalar, or a one-element tensor). */
export async function readScalar(t: tf.Tensor): Promise<number> {
    return (await t.data())[0]!;
}

/** A float32 tensor's values with its shape, as a checkpoint stores it. */
export async function readArray(t: tf.Tensor): Promise<NamedArray> {
    return { shape: t.shape, data: (await t.data()) as Float32Array };
}
