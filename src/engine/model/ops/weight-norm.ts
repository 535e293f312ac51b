/**
 * SMASH's "simplified WeightNorm" (wn2d / WNC2D): a weight divided by the Frobenius norm of the whole
 * tensor, with no gain. Used on the HyperNet-generated 1x1 weights and on every HyperNet conv.
 */
import { tf } from '../../backend/tf.js';

/** w / ||w||_F for a tensor of any shape; differentiable. An all-zero w gives NaN, as in the reference. */
export function weightNorm<T extends tf.Tensor>(w: T): T {
    return tf.tidy(() => tf.mul(w, tf.rsqrt(tf.sum(tf.square(w)))) as T);
}
