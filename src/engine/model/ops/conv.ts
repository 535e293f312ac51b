/**
 * 2-D convolution with stride, per-axis dilation and PyTorch groups, differentiable on every
 * backend. TensorFlow.js refuses gradients of dilated convs (a tfjs-core assert, all backends) and
 * the wasm backend has no Conv2DBackpropFilter, so the gradient is written here with
 * `tf.customGrad`, using only forward convolutions (XNNPACK's fast path on wasm) and layout ops:
 *   dx = conv(dy spread by the stride, rot180(W) with in/out swapped, same dilation)
 *   dW = conv(x as [in, h, w, batch], dy as [ho, wo, batch, out], stride = dilation, dilation = stride)
 * Groups: one conv per group (split / concat) when groups hold at least 8 channels each (or 4 with
 * a kernel of 25+ taps); otherwise one dense conv with a block-diagonal weight, because on wasm the
 * split and concat copies then cost more than the masked-out multiply-adds (bench/ops.ts, report).
 * On webgpu, whose Conv2DBackpropInput/Filter kernels are fast (and whose whole-image filter-gradient
 * conv above is its slowest shader to compile), tfjs-core's own gradient is used where it has one:
 * dilation 1.
 */
import { tf } from '../../backend/tf.js';
import { convGeometry, type Conv2dOptions, type ConvGeometry, type Pair } from './conv-geometry.js';
import { blockDiagonal, foldBlockDiagonal, spread, spreadKernel } from './conv-layout.js';

export { convOutputLength, samePadding, type Conv2dOptions } from './conv-geometry.js';
export { sliceConvWeight } from './conv-layout.js';

type Pads = [[number, number], [number, number], [number, number], [number, number]];

/**
 * y = conv(x, w) in PyTorch semantics.
 * x: [batch, h, w, in] (NHWC); w: [kh, kw, in / groups, out] (HWIO); returns [batch, ho, wo, out].
 * Default padding is SMASH's symmetric "same", (k + (k-1)(d-1)) // 2 per axis.
 */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, options: Conv2dOptions = {}): tf.Tensor4D {
    const g = convGeometry(x.shape, w.shape, options);
    const strategy = options.groupStrategy ?? 'auto';
    const split = strategy === 'split' || (strategy === 'auto' && splitGroups(g));
    if (g.groups === 1 || !split) return customConv(x, w, g);
    const perGroup: ConvGeometry = { ...g, inChannels: g.inChannels / g.groups, outChannels: g.outChannels / g.groups, groups: 1 };
    const xs = tf.split<tf.Tensor4D>(x, g.groups, 3);
    const ws = tf.split<tf.Tensor4D>(w, g.groups, 3);
    return tf.concat(xs.map((xi, j) => customConv(xi, ws[j]!, perGroup)), 3);
}

/** Whether a conv per group beats the block-diagonal dense conv (measured on wasm, 16 to 128 channels). */
function splitGroups(g: ConvGeometry): boolean {
    const narrowest = Math.min(g.inChannels, g.outChannels) / g.groups;
    return narrowest >= 8 || (narrowest >= 4 && g.kernel[0] * g.kernel[1] >= 25);
}

/** The conv with its hand-written gradient; groups (if any) via the block-diagonal weight. */
function customConv(x: tf.Tensor4D, w: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
    if (nativeGradients() && isOne(g.dilation)) return forward(x, blockDiagonal(w, g.groups), g);
    const op = tf.customGrad((...args) => {
        const [xIn, wIn, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
        const full = blockDiagonal(wIn, g.groups);
        save([xIn, full]);
        return {
            value: forward(xIn, full, g),
            gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
                const [xs, fs] = saved as [tf.Tensor4D, tf.Tensor4D];
                return [inputGrad(dy, fs, g), foldBlockDiagonal(filterGrad(xs, dy, g), g.groups)];
            },
        };
    });
    return op(x, w);
}

function forward(x: tf.Tensor4D, w: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
    const pads: Pads = [[0, 0], [g.pad[0], g.pad[0]], [g.pad[1], g.pad[1]], [0, 0]];
    // tf.conv2d takes stride > 1 or dilation > 1, not both: then dilate the kernel with zeros instead.
    if (isOne(g.stride) || isOne(g.dilation)) return tf.conv2d(x, w, g.stride, pads, 'NHWC', g.dilation);
    return tf.conv2d(x, spreadKernel(w, g.dilation), g.stride, pads, 'NHWC', 1);
}

/**
 * dx[r] = sum_i dy_spread[r + p - i*d] * w[i] per axis: a stride-1 conv of the stride-spread dy with
 * the flipped kernel, padded so that exactly the h x w input rows come out.
 * dy: [batch, ho, wo, out]; w: [kh, kw, in, out] (already block-diagonal); returns [batch, h, w, in].
 */
function inputGrad(dy: tf.Tensor4D, w: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]);
    let spreadDy = spread(dy, g.stride);
    const pads: Pads = [[0, 0], [0, 0], [0, 0], [0, 0]];
    const crop: [Pair, Pair] = [[0, 0], [0, 0]];
    for (const a of [0, 1] as const) {
        const before = g.extent[a] - 1 - g.pad[a];
        const after = g.inSize[a] - spreadDy.shape[a + 1]! + g.pad[a];
        pads[a + 1] = [Math.max(before, 0), Math.max(after, 0)];
        crop[a] = [Math.max(-before, 0), Math.max(-after, 0)];
    }
    spreadDy = cropSpatial(spreadDy, crop);
    return tf.conv2d(spreadDy, flipped, 1, pads, 'NHWC', g.dilation);
}

/**
 * dW[i, j, c, o] = sum over batch and output positions of x_padded[n, y*s + i*d, x*s + j*d, c] * dy[n, y, x, o]:
 * a conv whose "batch" is the input channels, whose "channels" are the batch, and whose filter is dy.
 * x: [batch, h, w, in]; dy: [batch, ho, wo, out]; returns [kh, kw, in, out].
 */
function filterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
    const pads: Pads = [[0, 0], [0, 0], [0, 0], [0, 0]];
    const crop: [Pair, Pair] = [[0, 0], [0, 0]];
    for (const a of [0, 1] as const) {
        // Padded rows the forward pass read; rows beyond them (stride remainder) must not contribute.
        const read = (g.outSize[a] - 1) * g.stride[a] + g.extent[a];
        const after = read - g.pad[a] - g.inSize[a];
        pads[a + 1] = [g.pad[a], Math.max(after, 0)];
        crop[a] = [0, Math.max(-after, 0)];
    }
    const xT = tf.transpose(cropSpatial(x, crop), [3, 1, 2, 0]);
    const both = !isOne(g.stride) && !isOne(g.dilation);
    const dyT = tf.transpose(both ? spread(dy, g.stride) : dy, [1, 2, 0, 3]);
    const dW = tf.conv2d(xT, dyT, g.dilation, pads, 'NHWC', both ? 1 : g.stride);
    return tf.transpose(dW, [1, 2, 0, 3]);
}

/** Drops [before, after] rows (axis 1) and columns (axis 2) of an NHWC tensor. */
function cropSpatial(t: tf.Tensor4D, crop: [Pair, Pair]): tf.Tensor4D {
    const [[top, bottom], [left, right]] = crop;
    if (top + bottom + left + right === 0) return t;
    const [n, h, w, c] = t.shape;
    return tf.slice(t, [0, top, left, 0], [n, h - top - bottom, w - left - right, c]);
}

/** Whether the active backend's own conv and pool gradient kernels beat the hand-written ones. */
export function nativeGradients(): boolean {
    return tf.getBackend() === 'webgpu';
}

function isOne(p: Pair): boolean {
    return p[0] === 1 && p[1] === 1;
}
