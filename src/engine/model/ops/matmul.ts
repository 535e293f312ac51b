/**
 * A matrix product whose gradient avoids tfjs's transposed-operand products. tfjs differentiates
 * a x b into dy x b^T and a^T x dy, which tfjs-backend-wasm runs in a naive loop (2.2 GFLOP/s,
 * ten times slower than its XNNPACK path, which only takes untransposed operands). Here the
 * transposes are explicit, so all three products run on XNNPACK (bench/ops.ts).
 */
import { tf } from '../../backend/tf.js';

/** a: [m, k] x b: [k, n] -> [m, n]. */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    const op = tf.customGrad((...args) => {
        const [aIn, bIn, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
        save([aIn, bIn]);
        return {
            value: tf.matMul(aIn, bIn),
            gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
                const [as, bs] = saved as [tf.Tensor2D, tf.Tensor2D];
                return [tf.matMul(dy as tf.Tensor2D, tf.transpose(bs)), weightGrad(as, dy as tf.Tensor2D)];
            },
        };
    });
    return op(a, b) as tf.Tensor2D;
}

/**
 * a^T x dy: [k, n]. XNNPACK needs its left operand transposed in memory and packs its right one,
 * with one pass over it per 8 of its columns, so the narrower of the two tall matrices is packed and
 * the wider one transposed (m = 50176: k 16, n 64 took 17 ms against 26 ms the other way round;
 * k 64, n 32 took 23 ms against 28 ms).
 */
function weightGrad(a: tf.Tensor2D, dy: tf.Tensor2D): tf.Tensor2D {
    const [, k] = a.shape;
    const [, n] = dy.shape;
    return k < n ? (tf.transpose(tf.matMul(tf.transpose(dy), a)) as tf.Tensor2D) : tf.matMul(tf.transpose(a), dy);
}
