/**
 * Fixes to @tensorflow/tfjs-backend-wasm 4.22 kernels that training needs (see
 * shared/reference/tfjs-engine-findings.md, section 2):
 *   - MaxPoolGrad starts its running maximum at FLT_MIN (the smallest *positive* float), so a window
 *     whose maximum is <= 0 sends its gradient to flat offset 0 or nowhere. Fixed by running the
 *     original kernel on clip(x - min(x), 2^-125): same order, every window maximum > FLT_MIN.
 *     (Values closer than float32 resolution after the shift become ties; ties go to the last
 *     maximum of a window, on cpu to the first. Both are valid subgradients.)
 *   - Conv2DBackpropFilter is missing, so tf.conv2d cannot be differentiated wrt its filter.
 *   - Conv2DBackpropInput is a naive loop; at stride 1 it is replaced by a forward conv with the
 *     flipped kernel (XNNPACK). Other strides keep the original.
 * The engine's own conv2d (ops/conv.ts) needs none of the conv kernels; these make plain tf.conv2d
 * and tf.maxPool trainable and correct on wasm too.
 *
 * The replacements compose other wasm kernels on TensorInfos, freeing every intermediate with
 * backend.disposeData, and never wrap a TensorInfo as an engine Tensor (a Tensor made from a kernel
 * input without backend.incRef frees the caller's buffer when disposed).
 */
import { tf } from './tf.js';

type Info = tf.TensorInfo;
type Pads4 = [[number, number], [number, number], [number, number], [number, number]];
type Conv2DAttrs = {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | Pads4;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

const BACKEND = 'wasm';
/** The wasm kernels as shipped, captured before any replacement. */
const original = new Map<string, tf.KernelConfig>();
let installed = false;

/** Registers the fixes (idempotent). Call after importing @tensorflow/tfjs-backend-wasm, before or after setBackend('wasm'). */
export function installWasmPatches(): void {
    if (installed) return;
    for (const name of ['MaxPoolGrad', 'Conv2DBackpropInput', 'Conv2D', 'Transpose', 'Reverse', 'Slice', 'Min', 'Sub', 'ClipByValue']) {
        const kernel = tf.getKernel(name, BACKEND);
        if (kernel === undefined) throw new Error(`installWasmPatches: the wasm kernel ${name} is not registered; import @tensorflow/tfjs-backend-wasm first`);
        original.set(name, kernel);
    }
    replace('MaxPoolGrad', maxPoolGrad);
    replace('Conv2DBackpropInput', conv2dBackpropInput);
    if (tf.getKernel('Conv2DBackpropFilter', BACKEND) === undefined) {
        tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2dBackpropFilter as tf.KernelFunc });
    }
    installed = true;
}

function replace(name: string, kernelFunc: (args: KernelArgs) => Info): void {
    const base = original.get(name)!;
    tf.unregisterKernel(name, BACKEND);
    // Keep the original setupFunc: it binds the wasm exports the original kernelFunc calls.
    tf.registerKernel({ ...base, kernelFunc: kernelFunc as tf.KernelFunc });
}

interface KernelArgs {
    inputs: tf.NamedTensorInfoMap;
    backend: tf.KernelBackend;
    attrs: tf.NamedAttrMap;
}

/** Runs an original wasm kernel; the caller frees the result (or returns it). */
function run(args: Pick<KernelArgs, 'backend'>, name: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}): Info {
    const kernel = original.get(name)!;
    return kernel.kernelFunc({ inputs, backend: args.backend, attrs: attrs as tf.NamedAttrMap }) as Info;
}

function free(args: Pick<KernelArgs, 'backend'>, ...infos: Info[]): void {
    for (const info of infos) args.backend.disposeData(info.dataId);
}

function maxPoolGrad(args: KernelArgs): Info {
    const { dy, input, output } = args.inputs as { dy: Info; input: Info; output: Info };
    const min = run(args, 'Min', { x: input }, { axis: input.shape.map((_, i) => i), keepDims: false });
    const shifted = run(args, 'Sub', { a: input, b: min });
    const positive = run(args, 'ClipByValue', { x: shifted }, { clipValueMin: 2 ** -125, clipValueMax: Infinity });
    const dx = run(args, 'MaxPoolGrad', { dy, input: positive, output }, args.attrs);
    free(args, min, shifted, positive);
    return dx;
}

/** dW = conv(x as [in, h, w, batch], dy as [ho, wo, batch, out], stride 1, dilation = stride) as [kh, kw, in, out]. */
function conv2dBackpropFilter(args: KernelArgs): Info {
    const { x, dy } = args.inputs as { x: Info; dy: Info };
    const attrs = args.attrs as unknown as Conv2DAttrs & { filterShape: [number, number, number, number] };
    const info = convInfo(x.shape, attrs.filterShape, attrs);
    const { top, left } = info.padInfo;
    // Padded rows/columns the forward pass read; the stride remainder beyond them is cropped.
    const bottom = (info.outHeight - 1) * info.strideHeight + info.filterHeight - top - info.inHeight;
    const right = (info.outWidth - 1) * info.strideWidth + info.filterWidth - left - info.inWidth;
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const cropped = bottom < 0 || right < 0
        ? run(args, 'Slice', { x }, { begin: [0, 0, 0, 0], size: [n, h + Math.min(bottom, 0), w + Math.min(right, 0), c] })
        : x;
    const xT = run(args, 'Transpose', { x: cropped }, { perm: [3, 1, 2, 0] });
    const dyT = run(args, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const pad: Pads4 = [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]];
    const dWT = run(args, 'Conv2D', { x: xT, filter: dyT }, {
        strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth],
    });
    const dW = run(args, 'Transpose', { x: dWT }, { perm: [1, 2, 0, 3] });
    free(args, xT, dyT, dWT);
    if (cropped !== x) free(args, cropped);
    return dW;
}

/** At stride 1: dx = conv(dy, rot180(W) with in/out swapped), padded to give back the input size. */
function conv2dBackpropInput(args: KernelArgs): Info {
    const { dy, filter } = args.inputs as { dy: Info; filter: Info };
    const attrs = args.attrs as unknown as Conv2DAttrs & { inputShape: [number, number, number, number] };
    const info = convInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs);
    const { top, bottom, left, right } = info.padInfo;
    const pad: Pads4 = [[0, 0], [info.filterHeight - 1 - top, info.filterHeight - 1 - bottom], [info.filterWidth - 1 - left, info.filterWidth - 1 - right], [0, 0]];
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pad.flat().some((p) => p < 0)) {
        return run(args, 'Conv2DBackpropInput', args.inputs, args.attrs);
    }
    const reversed = run(args, 'Reverse', { x: filter }, { dims: [0, 1] });
    const swapped = run(args, 'Transpose', { x: reversed }, { perm: [0, 1, 3, 2] });
    const dx = run(args, 'Conv2D', { x: dy, filter: swapped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
    free(args, reversed, swapped);
    return dx;
}

function convInfo(xShape: readonly number[], filterShape: [number, number, number, number], attrs: Conv2DAttrs): tf.backend_util.Conv2DInfo {
    if (attrs.dataFormat !== 'NHWC') throw new Error(`wasm conv backprop patch: only NHWC is supported, got ${attrs.dataFormat}`);
    return tf.backend_util.computeConv2DInfo(
        xShape as [number, number, number, number], filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
    );
}
