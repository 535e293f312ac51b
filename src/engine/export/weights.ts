/**
 * The retrained network's weights as named tensors in PyTorch layout (NCHW activations, OIHW conv
 * weights), read from the run's retraining checkpoint. Every name and shape is checked against the
 * network walk, so a checkpoint of another architecture or a damaged file is refused, not exported.
 */
import { loadCheckpoint, type NamedArray } from '../run/checkpoint.js';
import type { TensorEntry } from './network-walk.js';

export interface Tensor {
    name: string;
    shape: number[];
    data: Float32Array;
}

export class ExportError extends Error {}

export function readWeights(checkpointPath: string, entries: TensorEntry[]): Tensor[] {
    let arrays: Record<string, NamedArray>;
    try {
        arrays = loadCheckpoint(checkpointPath)!.arrays;
    } catch (error) {
        throw new ExportError((error as Error).message);
    }
    return entries.map((entry) => {
        const array = arrays[entry.engine];
        if (!array) throw new ExportError(`${checkpointPath}: no '${entry.engine}' array; the checkpoint is not this architecture's`);
        const expected = engineShape(entry);
        if (array.shape.join(',') !== expected.join(',') || array.data.length !== expected.reduce((a, b) => a * b, 1)) {
            throw new ExportError(`${checkpointPath}: '${entry.engine}' has shape [${array.shape}], the architecture needs [${expected}]`);
        }
        return { name: entry.name, shape: entry.shape, data: toTorchLayout(array, entry) };
    });
}

/** The shape the engine stores an entry's tensor in. */
function engineShape(entry: TensorEntry): number[] {
    const [a, b, c, d] = entry.shape as [number, number, number, number];
    if (entry.layout === 'hwio') return [c, d, b, a];
    return entry.layout === 'matrix' ? [b, a] : [a];
}

function toTorchLayout(array: NamedArray, entry: TensorEntry): Float32Array {
    if (entry.layout === 'vector') return Float32Array.from(array.data);
    // hwio [kh, kw, in, out] -> [out, in, kh, kw]; matrix [in, out] -> [out, in] (a 1x1 hwio is the same).
    const [kh, kw, inC, outC] = entry.layout === 'hwio' ? array.shape as [number, number, number, number] : [1, 1, array.shape[0]!, array.shape[1]!];
    const out = new Float32Array(array.data.length);
    for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) {
            for (let i = 0; i < inC; i++) {
                for (let o = 0; o < outC; o++) out[((o * inC + i) * kh + y) * kw + x] = array.data[((y * kw + x) * inC + i) * outC + o]!;
            }
        }
    }
    return out;
}
