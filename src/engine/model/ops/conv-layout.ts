/**
 * Weight and activation layouts around conv2d: the block-diagonal form of a grouped weight, zero
 * spreading (for strides in the backward pass and dilated kernels), and the slicing of SMASH's
 * shared 7x7 weight banks.
 */
import { tf } from '../../backend/tf.js';
import type { Pair } from './conv-geometry.js';

/**
 * Grouped weight -> dense block-diagonal weight with PyTorch's group layout.
 * w: [kh, kw, in / groups, out] -> [kh, kw, in, out], where entry (c, o) is w[.., c mod (in/groups), o]
 * when input channel c and output channel o are in the same group, else 0.
 */
export function blockDiagonal(w: tf.Tensor4D, groups: number): tf.Tensor4D {
    if (groups === 1) return w;
    const [, , inPerGroup, out] = w.shape;
    return tf.mul(tf.tile(w, [1, 1, groups, 1]), groupMask(inPerGroup, out, groups));
}

/**
 * The gradient of blockDiagonal: keeps the in-group blocks and sums them onto the shared prefix.
 * dFull: [kh, kw, in, out] -> [kh, kw, in / groups, out].
 */
export function foldBlockDiagonal(dFull: tf.Tensor4D, groups: number): tf.Tensor4D {
    if (groups === 1) return dFull;
    const [kh, kw, inChannels, out] = dFull.shape;
    const inPerGroup = inChannels / groups;
    const masked = tf.mul(dFull, groupMask(inPerGroup, out, groups));
    return tf.sum(tf.reshape(masked, [kh, kw, groups, inPerGroup, out]), 2);
}

/** [in, out] with 1 where input channel and output channel belong to the same group. */
function groupMask(inPerGroup: number, out: number, groups: number): tf.Tensor2D {
    const inChannels = inPerGroup * groups;
    const outPerGroup = out / groups;
    const mask = new Float32Array(inChannels * out);
    for (let c = 0; c < inChannels; c++) {
        const group = Math.floor(c / inPerGroup);
        mask.fill(1, c * out + group * outPerGroup, c * out + (group + 1) * outPerGroup);
    }
    return tf.tensor2d(mask, [inChannels, out]);
}

/**
 * Inserts step - 1 zeros between neighbouring rows / columns.
 * t: [n, h, w, c] -> [n, (h-1)*sh + 1, (w-1)*sw + 1, c]. Uses only rank-4 reshape / pad / slice.
 */
export function spread(t: tf.Tensor4D, [sh, sw]: Pair): tf.Tensor4D {
    let out = t;
    if (sh > 1) {
        const [n, h, w, c] = out.shape;
        const padded = tf.pad(tf.reshape<tf.Rank.R4>(out, [n, h, 1, w * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
        out = tf.slice(tf.reshape<tf.Rank.R4>(padded, [n, h * sh, w, c]), [0, 0, 0, 0], [n, (h - 1) * sh + 1, w, c]);
    }
    if (sw > 1) {
        const [n, h, w, c] = out.shape;
        const padded = tf.pad(tf.reshape<tf.Rank.R4>(out, [n * h, w, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
        out = tf.slice(tf.reshape<tf.Rank.R4>(padded, [n, h, w * sw, c]), [0, 0, 0, 0], [n, h, (w - 1) * sw + 1, c]);
    }
    return out;
}

/** A dilated kernel as an undilated one: w [kh, kw, in, out] -> [(kh-1)dh + 1, (kw-1)dw + 1, in, out]. */
export function spreadKernel(w: tf.Tensor4D, dilation: Pair): tf.Tensor4D {
    const [kh, kw, cin, cout] = w.shape;
    const wide = spread(tf.reshape(w, [1, kh, kw, cin * cout]), dilation);
    return tf.reshape(wide, [wide.shape[1], wide.shape[2], cin, cout]);
}

/**
 * The weight one SMASH op uses from a shared bank (SMASHC2D): the centred kh x kw crop, the first
 * `inPerGroup` input channels and the first `out` output channels. Differentiable (a slice), so the
 * gradient lands in the used part of the bank.
 * bank: [KH, KW, inMax, outMax] (HWIO, e.g. [7, 7, 128, 64]) -> [kh, kw, inPerGroup, out].
 */
export function sliceConvWeight(bank: tf.Tensor4D, kh: number, kw: number, inPerGroup: number, out: number): tf.Tensor4D {
    const [bh, bw, inMax, outMax] = bank.shape;
    const fits = (k: number, size: number): boolean => Number.isInteger(k) && k >= 1 && k <= size && (size - k) % 2 === 0;
    if (!fits(kh, bh) || !fits(kw, bw)) {
        throw new RangeError(`sliceConvWeight: a ${kh}x${kw} kernel has no centred crop in a ${bh}x${bw} bank (sizes must share parity)`);
    }
    if (!(inPerGroup >= 1 && inPerGroup <= inMax && out >= 1 && out <= outMax)) {
        throw new RangeError(`sliceConvWeight: ${inPerGroup} in x ${out} out channels exceed the bank's ${inMax} x ${outMax}`);
    }
    if (kh === bh && kw === bw && inPerGroup === inMax && out === outMax) return bank;
    return tf.slice(bank, [(bh - kh) / 2, (bw - kw) / 2, 0, 0], [kh, kw, inPerGroup, out]);
}
