/**
 * Faster versions of the tfjs-backend-wasm 4.22 kernels that are written in JavaScript and copy
 * more than they must. Every saved tensor of every gradient goes through Identity, which here
 * copies the whole tensor (the cpu backend shares its buffer); Slice copies its entire input out of
 * the wasm heap into a fresh JavaScript array before taking the slice; SplitV does that once per
 * part; Concat allocates a subarray per copied run. In a SMASH training step these copies took more
 * time than the convolutions' gradients (bench/profile.ts).
 *
 * The replacements share buffers by reference count (as Reshape already does) or copy inside the
 * heap with one memory.copy per contiguous run (wasm-copy.ts). Strings keep the original kernels.
 */
import { tf } from '../../backend/tf.js';
import { heapCopy } from './wasm-copy.js';

/** The parts of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
    wasm: { asm?: Record<string, unknown>; wasmMemory?: WebAssembly.Memory };
    dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
    makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
    incRef(dataId: tf.DataId): void;
}

interface Args {
    inputs: tf.NamedTensorInfoMap;
    backend: tf.KernelBackend;
    attrs: tf.NamedAttrMap;
}

const BACKEND = 'wasm';
let installed = false;

/**
 * Replaces Identity, Cast, Slice, SplitV and Concat on the wasm backend (idempotent). Call after
 * @tensorflow/tfjs-backend-wasm is imported (selectBackend('wasm') does), before or after setBackend.
 */
export function installWasmKernels(): void {
    if (installed) return;
    replace('Identity', (args, original) => (args.inputs['x']!.dtype === 'string' ? original(args) : share(args.inputs['x']!, args.backend)));
    replace('Cast', (args, original) => {
        const x = args.inputs['x']!;
        return args.attrs['dtype'] === x.dtype && x.dtype !== 'string' ? share(x, args.backend) : original(args);
    });
    replace('Slice', (args, original) => {
        const x = args.inputs['x']!;
        if (x.dtype === 'string') return original(args);
        const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, args.attrs['begin'] as number[], args.attrs['size'] as number[]);
        return sliceOf(x, begin, size, args.backend as unknown as WasmBackend);
    });
    replace('SplitV', (args, original) => {
        const x = args.inputs['x']!;
        if (x.dtype === 'string') return original(args);
        const axis = tf.util.parseAxisParam(args.attrs['axis'] as number, x.shape)[0]!;
        const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs['numOrSizeSplits'] as number | number[], axis);
        const begin = x.shape.map(() => 0);
        return sizes.map((s) => {
            const size = [...x.shape];
            size[axis] = s;
            const part = sliceOf(x, [...begin], size, args.backend as unknown as WasmBackend);
            begin[axis]! += s;
            return part;
        });
    });
    replace('Concat', (args, original) => {
        const inputs = Object.values(args.inputs) as tf.TensorInfo[];
        if (inputs[0]!.dtype === 'string') return original(args);
        const axis = tf.util.parseAxisParam(args.attrs['axis'] as number, inputs[0]!.shape)[0]!;
        return concatOf(inputs, axis, args.backend as unknown as WasmBackend);
    });
    installed = true;
}

type KernelImpl = (args: Args, original: (args: Args) => tf.TensorInfo | tf.TensorInfo[]) => tf.TensorInfo | tf.TensorInfo[];

function replace(name: string, impl: KernelImpl): void {
    const base = tf.getKernel(name, BACKEND);
    if (base === undefined) throw new Error(`installWasmKernels: the wasm kernel ${name} is not registered; import @tensorflow/tfjs-backend-wasm first`);
    const original = (args: Args) => base.kernelFunc(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo | tf.TensorInfo[];
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...base, kernelFunc: ((args: Args) => impl(args, original)) as tf.KernelFunc });
}

/** A second handle on x's buffer: tensors are immutable, so sharing is a copy that costs nothing. */
function share(x: tf.TensorInfo, backend: tf.KernelBackend): tf.TensorInfo {
    (backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

function sliceOf(x: tf.TensorInfo, begin: number[], size: number[], backend: WasmBackend): tf.TensorInfo {
    const out = backend.makeOutput(size, x.dtype);
    if (size.some((s) => s === 0)) return out;
    const bytes = x.dtype === 'bool' ? 1 : 4;
    // The innermost axes the slice takes whole form one contiguous run, with the first partial axis;
    // the axis outside it is the copy's rows; any axes further out are iterated here.
    let inner = Math.max(size.length - 1, 0);
    while (inner > 0 && size[inner] === x.shape[inner] && begin[inner] === 0) inner--;
    const strides = tf.util.computeStrides(x.shape).map((s) => s * bytes);
    const run = size.slice(inner).reduce((a, b) => a * b, 1) * bytes;
    const rowAxis = inner - 1;
    const rows = rowAxis >= 0 ? size[rowAxis]! : 1;
    const rowStride = rowAxis >= 0 ? strides[rowAxis]! : 0;
    const copy = heapCopy(memoryOf(backend));
    const src = backend.dataIdMap.get(x.dataId).memoryOffset + begin.reduce((sum, b, i) => sum + b * (strides[i] ?? bytes), 0);
    let dst = backend.dataIdMap.get(out.dataId).memoryOffset;
    const index = new Array<number>(Math.max(rowAxis, 0)).fill(0);
    for (;;) {
        let offset = src;
        for (let i = 0; i < index.length; i++) offset += index[i]! * strides[i]!;
        copy(dst, offset, rows, run, run, rowStride);
        dst += rows * run;
        let axis = index.length - 1;
        while (axis >= 0 && ++index[axis]! === size[axis]) index[axis--] = 0;
        if (axis < 0) return out;
    }
}

function concatOf(inputs: tf.TensorInfo[], axis: number, backend: WasmBackend): tf.TensorInfo {
    const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const out = backend.makeOutput(outShape, inputs[0]!.dtype);
    const bytes = inputs[0]!.dtype === 'bool' ? 1 : 4;
    const rows = outShape.slice(0, axis).reduce((a, b) => a * b, 1);
    const runs = inputs.map((t) => t.shape.slice(axis).reduce((a, b) => a * b, 1) * bytes);
    const outRun = runs.reduce((a, b) => a + b, 0);
    if (rows === 0 || outRun === 0) return out;
    const copy = heapCopy(memoryOf(backend));
    let dst = backend.dataIdMap.get(out.dataId).memoryOffset;
    inputs.forEach((t, i) => {
        if (runs[i] === 0) return;
        copy(dst, backend.dataIdMap.get(t.dataId).memoryOffset, rows, runs[i]!, outRun, runs[i]!);
        dst += runs[i]!;
    });
    return out;
}

/** The backend's WebAssembly memory (exported by the single-threaded build, created in JavaScript by the threaded one). */
function memoryOf(backend: WasmBackend): WebAssembly.Memory {
    const memory = backend.wasm.asm?.['memory'] ?? backend.wasm.wasmMemory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('installWasmKernels: cannot find the wasm backend\'s memory');
    return memory;
}
