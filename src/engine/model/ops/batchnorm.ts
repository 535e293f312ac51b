/**
 * Batch normalisation over NHWC activations whose parameters and running statistics live in
 * full-size buffers shared by every architecture (SMASH's SMASHBN2D): a layer that currently has c
 * channels uses, and in training updates, only the first c entries. PyTorch conventions: momentum
 * 0.1, eps 1e-5, normalisation by the biased batch variance, running variance updated with the
 * unbiased one.
 *
 * The training-mode gradient is written by hand (tf.customGrad): tfjs's own chain through
 * tf.moments broadcasts per-channel gradients back with Tile, the largest kernel in a wasm
 * training step (findings, section 3). Per-channel sums over batch x height x width are average
 * pools over each whole image (XNNPACK on wasm, one pass) summed over the batch: tf.sum over the
 * leading axes transposes first (14 ms for [64, 28, 28, 64] on wasm), and a ones[1, m] x t[m, c]
 * product packs t as GEMM weights on every call (23 ms); the pool takes 0.9 ms (bench/ops.ts).
 */
import { tf } from '../../backend/tf.js';

/** Full-size buffers, each [capacity]: the most channels any architecture feeds this layer. */
export interface BatchNormParams {
    /** Scale (a trainable variable initialised to 1, or any tensor). */
    gamma: tf.Tensor1D;
    /** Shift (a trainable variable initialised to 0, or any tensor). */
    beta: tf.Tensor1D;
    /** Written in training mode; initialised to 0. */
    runningMean: tf.Variable<tf.Rank.R1>;
    /** Written in training mode; initialised to 1. */
    runningVar: tf.Variable<tf.Rank.R1>;
}

/** What createBatchNormParams returns: gamma and beta are trainable variables, the running statistics are not. */
export interface BatchNormVariables extends BatchNormParams {
    gamma: tf.Variable<tf.Rank.R1>;
    beta: tf.Variable<tf.Rank.R1>;
}

export interface BatchNormOptions {
    /** true: normalise with batch statistics and update the running ones; false: use the running ones. */
    training: boolean;
    /** Weight of the new batch statistic in the running average. Default 0.1. */
    momentum?: number;
    /** Added to the variance. Default 1e-5. */
    eps?: number;
}

/** Fresh buffers for up to `capacity` channels. */
export function createBatchNormParams(capacity: number): BatchNormVariables {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`createBatchNormParams: capacity must be a positive integer, got ${capacity}`);
    return {
        gamma: tf.variable(tf.ones([capacity]), true),
        beta: tf.variable(tf.zeros([capacity]), true),
        runningMean: tf.variable(tf.zeros([capacity]), false),
        runningVar: tf.variable(tf.ones([capacity]), false),
    };
}

/**
 * x: [batch, h, w, c] with c <= capacity; returns the normalised [batch, h, w, c]. Gradients reach
 * the first c entries of gamma and beta. In training mode the first c running statistics are updated
 * in place (also outside any gradient scope).
 */
export function batchNorm(x: tf.Tensor4D, params: BatchNormParams, options: BatchNormOptions): tf.Tensor4D {
    if (x.rank !== 4) throw new RangeError(`batchNorm: x must be [batch, height, width, channels], got shape [${x.shape}]`);
    const c = x.shape[3];
    const capacity = params.gamma.shape[0];
    const sizes = [params.gamma, params.beta, params.runningMean, params.runningVar].map((t) => t.shape[0]);
    if (sizes.some((s) => s !== capacity)) throw new RangeError(`batchNorm: gamma, beta, running mean and var differ in length: [${sizes}]`);
    if (c > capacity) throw new RangeError(`batchNorm: x has ${c} channels but the shared buffers hold only ${capacity}`);
    const eps = options.eps ?? 1e-5;
    const gamma = prefix(params.gamma, c);
    const beta = prefix(params.beta, c);
    if (!options.training) {
        // x * scale + shift with per-channel scale and shift: two broadcast passes, where wasm's
        // FusedBatchNorm kernel (tf.batchNorm) takes 3.5 ns per element, ten times longer.
        return tf.tidy(() => {
            const scale = tf.mul(gamma, tf.rsqrt(tf.add(prefix(params.runningVar, c), eps)));
            const shift = tf.sub(beta, tf.mul(prefix(params.runningMean, c), scale));
            return tf.add<tf.Tensor4D>(tf.mul(x, scale), shift);
        });
    }
    const [n, h, w] = x.shape;
    const m = n * h * w;
    if (m < 2) throw new RangeError(`batchNorm: training needs more than one value per channel, got input shape [${x.shape}]`);
    const momentum = options.momentum ?? 0.1;

    const op = tf.customGrad((...args) => {
        const [xIn, gammaIn, betaIn, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
        const mean = tf.div<tf.Tensor1D>(channelSums(xIn), m);
        const centred = tf.sub<tf.Tensor4D>(xIn, mean);
        const variance = tf.div<tf.Tensor1D>(channelSums(tf.square(centred)), m); // biased
        const invStd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor1D;
        const y = tf.add<tf.Tensor4D>(tf.mul(centred, tf.mul(invStd, gammaIn)), betaIn);
        updateRunning(params, mean, tf.mul(variance, m / (m - 1)), momentum);
        save([centred, invStd, gammaIn]);
        return {
            value: y,
            gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
                const [xc, inv, g] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D];
                const sumDy = channelSums(dy); // [c] = dbeta
                const sumDyXc = channelSums(tf.mul(dy, xc)); // [c]
                // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)) = k1 * dy + k2 * xc + k3
                const k1 = tf.mul(g, inv);
                const k2 = tf.mul(k1, tf.mul(tf.square(inv), tf.div(sumDyXc, -m)));
                const k3 = tf.mul(k1, tf.div(sumDy, -m));
                const dx = tf.add(tf.mul(dy, k1), tf.add(tf.mul(xc, k2), k3));
                return [dx, tf.mul(sumDyXc, inv), sumDy];
            },
        };
    });
    return op(x, gamma, beta);
}

/** t: [n, h, w, c] -> [c], the sum of each channel over batch, height and width. */
function channelSums(t: tf.Tensor4D): tf.Tensor1D {
    const [n, h, w, c] = t.shape;
    const perImage = tf.reshape<tf.Rank.R2>(tf.avgPool(t, [h, w], 1, 'valid'), [n, c]);
    return tf.mul(tf.sum<tf.Tensor1D>(perImage, 0), h * w);
}

/** running[:c] <- (1 - momentum) * running[:c] + momentum * batch, leaving running[c:] untouched. */
function updateRunning(params: BatchNormParams, mean: tf.Tensor1D, unbiasedVar: tf.Tensor1D, momentum: number): void {
    tf.tidy(() => {
        const c = mean.shape[0];
        for (const [buffer, stat] of [[params.runningMean, mean], [params.runningVar, unbiasedVar]] as const) {
            const blended = tf.add<tf.Tensor1D>(tf.mul(prefix(buffer, c), 1 - momentum), tf.mul(stat, momentum));
            const capacity = buffer.shape[0];
            buffer.assign(c === capacity ? blended : tf.concat([blended, tf.slice(buffer, [c], [capacity - c])]));
        }
    });
}

function prefix(buffer: tf.Tensor1D, c: number): tf.Tensor1D {
    return c === buffer.shape[0] ? buffer : tf.slice(buffer, [0], [c]);
}
