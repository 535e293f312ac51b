/**
 * Shapes and paddings of a 2-D convolution in PyTorch semantics (symmetric explicit padding,
 * grouped channels), checked up front so that a bad call fails with a message naming the shapes
 * instead of a kernel assertion deep inside TensorFlow.js.
 */

export type Pair = [number, number];

export interface Conv2dOptions {
    /** Step per axis [sh, sw] or one value for both. Default 1. */
    stride?: number | Pair;
    /** Dilation per axis [dh, dw] or one value for both. Default 1. */
    dilation?: number | Pair;
    /** PyTorch groups: input and output channels split into `groups` blocks, block j reads block j. Default 1. */
    groups?: number;
    /**
     * 'same' (default): SMASH's and PyTorch's symmetric (k + (k-1)(d-1)) // 2 zeros on each side of
     * each axis, which keeps the size at stride 1 for odd kernels. 'valid': none. [ph, pw]: explicit,
     * the same count on both sides.
     */
    padding?: 'same' | 'valid' | Pair;
    /**
     * How groups > 1 are computed: 'split' (one conv per group), 'blockDiagonal' (one dense conv with
     * a block-diagonal weight) or 'auto' (default: whichever measured faster for these channel counts
     * and kernel size). Same values and gradients either way.
     */
    groupStrategy?: 'auto' | 'split' | 'blockDiagonal';
}

/** Everything the forward and backward passes need, per axis [height, width]. */
export interface ConvGeometry {
    batch: number;
    inSize: Pair;
    outSize: Pair;
    kernel: Pair;
    /** Effective kernel extent k + (k-1)(d-1). */
    extent: Pair;
    stride: Pair;
    dilation: Pair;
    pad: Pair;
    inChannels: number;
    outChannels: number;
    groups: number;
}

/** SMASH's "same" padding for one axis: (k + (k-1)(d-1)) // 2. */
export function samePadding(kernel: number, dilation = 1): number {
    return Math.floor((kernel + (kernel - 1) * (dilation - 1)) / 2);
}

/** Output length of one axis: floor((n + 2p - extent) / s) + 1. */
export function convOutputLength(size: number, kernel: number, stride: number, dilation: number, pad: number): number {
    return Math.floor((size + 2 * pad - (kernel + (kernel - 1) * (dilation - 1))) / stride) + 1;
}

/**
 * x: [batch, h, w, inChannels] (NHWC); w: [kh, kw, inChannels / groups, outChannels] (HWIO).
 * Throws a RangeError that names the offending shape or option.
 */
export function convGeometry(xShape: readonly number[], wShape: readonly number[], options: Conv2dOptions = {}): ConvGeometry {
    if (xShape.length !== 4) throw new RangeError(`conv2d: x must be [batch, height, width, channels], got shape [${xShape}]`);
    if (wShape.length !== 4) throw new RangeError(`conv2d: w must be [kh, kw, in/groups, out], got shape [${wShape}]`);
    const stride = pair(options.stride ?? 1, 'stride');
    const dilation = pair(options.dilation ?? 1, 'dilation');
    const groups = options.groups ?? 1;
    if (!Number.isInteger(groups) || groups < 1) throw new RangeError(`conv2d: groups must be a positive integer, got ${groups}`);
    const [batch, h, w, inChannels] = xShape as [number, number, number, number];
    const [kh, kw, inPerGroup, outChannels] = wShape as [number, number, number, number];
    if (inPerGroup * groups !== inChannels) {
        throw new RangeError(`conv2d: x has ${inChannels} channels but w [${wShape}] with groups=${groups} expects ${inPerGroup * groups}`);
    }
    if (outChannels % groups !== 0) {
        throw new RangeError(`conv2d: ${outChannels} output channels cannot be split into groups=${groups}`);
    }
    if (!['auto', 'split', 'blockDiagonal', undefined].includes(options.groupStrategy)) {
        throw new RangeError(`conv2d: groupStrategy must be 'auto', 'split' or 'blockDiagonal', got ${JSON.stringify(options.groupStrategy)}`);
    }
    const kernel: Pair = [kh, kw];
    const extent: Pair = [kh + (kh - 1) * (dilation[0] - 1), kw + (kw - 1) * (dilation[1] - 1)];
    const padding = options.padding ?? 'same';
    const pad: Pair =
        padding === 'same' ? [samePadding(kh, dilation[0]), samePadding(kw, dilation[1])]
        : padding === 'valid' ? [0, 0]
        : pair(padding, 'padding', 0);
    const outSize: Pair = [
        convOutputLength(h, kh, stride[0], dilation[0], pad[0]),
        convOutputLength(w, kw, stride[1], dilation[1], pad[1]),
    ];
    if (outSize[0] < 1 || outSize[1] < 1) {
        throw new RangeError(
            `conv2d: a ${kh}x${kw} kernel with dilation [${dilation}] and padding [${pad}] does not fit a ${h}x${w} input`,
        );
    }
    return { batch, inSize: [h, w], outSize, kernel, extent, stride, dilation, pad, inChannels, outChannels, groups };
}

function pair(value: number | readonly number[], name: string, min = 1): Pair {
    const p = typeof value === 'number' ? [value, value] : [...value];
    if (p.length !== 2 || !p.every((v) => Number.isInteger(v) && v >= min)) {
        throw new RangeError(`conv2d: ${name} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(value)}`);
    }
    return p as Pair;
}
