/**
 * Orthogonal initialisation as PyTorch's nn.init.orthogonal_ (SMASH initialises every conv this
 * way): a Gaussian matrix over the flattened [out, in * kh * kw] weight, orthonormalised by QR with
 * the signs of R's diagonal folded in, so rows (or columns, whichever are fewer) are orthonormal.
 * Drawn from the engine's seeded Random, computed in float64.
 */
import { tf } from '../../backend/tf.js';
import type { Random } from '../../random.js';

/**
 * A [rows, cols] matrix (row-major Float64Array) with orthonormal rows if rows <= cols, else
 * orthonormal columns, times gain.
 */
export function orthogonalMatrix(rows: number, cols: number, rng: Random, gain = 1): Float64Array {
    if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1)) {
        throw new RangeError(`orthogonalMatrix: needs positive integer sizes, got ${rows} x ${cols}`);
    }
    // Orthonormalise the `k` shorter vectors of length `n` (columns of the tall orientation).
    const k = Math.min(rows, cols);
    const n = Math.max(rows, cols);
    const q = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal()));
    for (let j = 0; j < k; j++) {
        const v = q[j]!;
        // Modified Gram-Schmidt, twice for float64 orthogonality ("twice is enough").
        for (let pass = 0; pass < 2; pass++) {
            for (let i = 0; i < j; i++) {
                const u = q[i]!;
                let dot = 0;
                for (let t = 0; t < n; t++) dot += u[t]! * v[t]!;
                for (let t = 0; t < n; t++) v[t] -= dot * u[t]!;
            }
        }
        let norm = 0;
        for (let t = 0; t < n; t++) norm += v[t]! * v[t]!;
        // Gram-Schmidt yields R with a positive diagonal, i.e. PyTorch's sign-corrected Q.
        const scale = 1 / Math.sqrt(norm);
        for (let t = 0; t < n; t++) v[t] *= scale;
    }
    const out = new Float64Array(rows * cols);
    for (let j = 0; j < k; j++) {
        for (let t = 0; t < n; t++) {
            out[rows <= cols ? j * cols + t : t * cols + j] = gain * q[j]![t]!;
        }
    }
    return out;
}

/**
 * An orthogonally initialised weight in the engine's layouts: conv [kh, kw, in, out] (HWIO) or
 * dense [in, out]. The matrix is PyTorch's flattening of [out, in, kh, kw]: row o = output channel,
 * column (c * kh + i) * kw + j, so a conv with fewer outputs than in * kh * kw gets orthonormal
 * filters.
 */
export function orthogonal(shape: readonly [number, number, number, number], rng: Random, gain?: number): tf.Tensor4D;
export function orthogonal(shape: readonly [number, number], rng: Random, gain?: number): tf.Tensor2D;
export function orthogonal(shape: readonly number[], rng: Random, gain?: number): tf.Tensor;
export function orthogonal(shape: readonly number[], rng: Random, gain = 1): tf.Tensor {
    if (shape.length !== 2 && shape.length !== 4) {
        throw new RangeError(`orthogonal: expected a [kh, kw, in, out] or [in, out] shape, got [${shape}]`);
    }
    const [kh, kw, inChannels, outChannels] = (shape.length === 4 ? shape : [1, 1, ...shape]) as [number, number, number, number];
    const cols = inChannels * kh * kw;
    const m = orthogonalMatrix(outChannels, cols, rng, gain);
    const data = new Float32Array(kh * kw * inChannels * outChannels);
    for (let o = 0; o < outChannels; o++)
        for (let c = 0; c < inChannels; c++)
            for (let i = 0; i < kh; i++)
                for (let j = 0; j < kw; j++) {
                    data[((i * kw + j) * inChannels + c) * outChannels + o] = m[o * cols + (c * kh + i) * kw + j]!;
                }
    return tf.tensor(data, [...shape]);
}
