/**
 * Batch normalisation over NHWC activations whose parameters and running statistics live in
 * full-size buffers shared by every architecture (SMASH's SMASHBN2D): a layer that currently has c
 * channels uses, and in training updates, only the first c entries. PyTorch conventions: momentum
 * 0.1, eps 1e-5, normalisation by the biased batch variance, running variance updated with the
 * unbiased one.
 *
 * The training-mode gradient is written by hand (tf.customGrad): tfjs's own chain through
 * tf.moments broadcasts per-channel gradients back with Tile, the largest kernel in a wasm
 * training step (findings, section 3). Per-channel sums over batch x height x width are computed
 * as ones[1, m] x t[m, c] matrix products, which on wasm run on XNNPACK's GEMM and are several times
 * faster than tf.sum over the leading axes.
 */
import { tf } from '../tf.js';

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
        return tf.batchNorm4d(x, prefix(params.runningMean, c), prefix(params.runningVar, c), beta, gamma, eps);
    }
    const [n, h, w] = x.shape;
    const m = n * h * w;
    if (m < 2) throw new RangeError(`batchNorm: training needs more than one value per channel, got input shape [${x.shape}]`);
    const momentum = options.momentum ?? 0.1;

    const op = tf.customGrad((...args) => {
        const [xIn, gammaIn, betaIn, save] = args as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
        const ones = tf.ones([1, m]);
        const x2 = tf.reshape<tf.Rank.R2>(xIn, [m, c]);
        const mean = tf.div<tf.Tensor2D>(tf.matMul(ones, x2), m); // [1, c]
        const centred = tf.sub(x2, mean); // [m, c]
        const variance = tf.div<tf.Tensor2D>(tf.matMul(ones, tf.square(centred)), m); // [1, c], biased
        const invStd = tf.rsqrt(tf.add(variance, eps)); // [1, c]
        const y = tf.add(tf.mul(centred, tf.mul(invStd, gammaIn)), betaIn);
        updateRunning(params, mean, tf.mul(variance, m / (m - 1)), momentum);
        save([centred, invStd, gammaIn]);
        return {
            value: tf.reshape<tf.Rank.R4>(y, x.shape),
            gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
                const [xc, inv, g] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
                const onesB = tf.ones([1, m]);
                const dy2 = tf.reshape(dy, [m, c]);
                const sumDy = tf.matMul(onesB, dy2); // [1, c] = dbeta
                const sumDyXc = tf.matMul(onesB, tf.mul(dy2, xc)); // [1, c]
                // dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)) = k1 * dy + k2 * xc + k3
                const k1 = tf.mul(g, inv);
                const k2 = tf.mul(k1, tf.mul(tf.square(inv), tf.div(sumDyXc, -m)));
                const k3 = tf.mul(k1, tf.div(sumDy, -m));
                const dx = tf.add(tf.mul(dy2, k1), tf.add(tf.mul(xc, k2), k3));
                return [tf.reshape(dx, x.shape), tf.reshape(tf.mul(sumDyXc, inv), [c]), tf.reshape(sumDy, [c])];
            },
        };
    });
    return op(x, gamma, beta);
}

/** running[:c] <- (1 - momentum) * running[:c] + momentum * batch, leaving running[c:] untouched. */
function updateRunning(params: BatchNormParams, mean: tf.Tensor2D, unbiasedVar: tf.Tensor2D, momentum: number): void {
    tf.tidy(() => {
        const c = mean.shape[1];
        for (const [buffer, stat] of [[params.runningMean, mean], [params.runningVar, unbiasedVar]] as const) {
            const blended = tf.add<tf.Tensor1D>(tf.mul(prefix(buffer, c), 1 - momentum), tf.mul(tf.reshape(stat, [c]), momentum));
            const capacity = buffer.shape[0];
            buffer.assign(c === capacity ? blended : tf.concat([blended, tf.slice(buffer, [c], [capacity - c])]));
        }
    });
}

function prefix(buffer: tf.Tensor1D, c: number): tf.Tensor1D {
    return c === buffer.shape[0] ? buffer : tf.slice(buffer, [0], [c]);
}
