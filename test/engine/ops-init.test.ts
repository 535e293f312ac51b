/**
 * Orthogonal initialisation: orthonormal rows (or columns), PyTorch's [out, in*kh*kw] flattening
 * mapped onto HWIO, and reproducibility from the engine's seeded Random.
 */
import { describe, expect, it } from 'vitest';
import { orthogonal, orthogonalMatrix } from '../../src/engine/model/ops/init.js';
import { weightNorm } from '../../src/engine/model/ops/weight-norm.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';

/** max |G - gain^2 I| where G is the Gram matrix of the k shorter vectors of a rows x cols matrix. */
function gramError(m: ArrayLike<number>, rows: number, cols: number, gain = 1): number {
    const byRows = rows <= cols;
    const k = byRows ? rows : cols;
    const n = byRows ? cols : rows;
    const at = (v: number, t: number): number => (byRows ? m[v * cols + t]! : m[t * cols + v]!);
    let err = 0;
    for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) {
            let dot = 0;
            for (let t = 0; t < n; t++) dot += at(a, t) * at(b, t);
            err = Math.max(err, Math.abs(dot - (a === b ? gain * gain : 0)));
        }
    return err;
}

describe('orthogonal init', () => {
    it.each([[8, 72], [72, 8], [16, 16], [1, 5]])('orthogonalMatrix %i x %i is orthonormal in float64', (rows, cols) => {
        expect(gramError(orthogonalMatrix(rows, cols, new Random(1)), rows, cols)).toBeLessThan(1e-12);
        expect(gramError(orthogonalMatrix(rows, cols, new Random(2), 2), rows, cols, 2)).toBeLessThan(1e-12);
    });

    it('a conv weight has orthonormal filters over PyTorch [out, in*kh*kw] flattening', () => {
        const [kh, kw, cin, cout] = [3, 5, 4, 6];
        const w = orthogonal([kh, kw, cin, cout], new Random(3));
        expect(w.shape).toEqual([kh, kw, cin, cout]);
        const hwio = w.dataSync();
        const cols = cin * kh * kw;
        // Rebuild PyTorch's matrix from HWIO: row o, column (c * kh + i) * kw + j.
        const torch = new Float64Array(cout * cols);
        for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++)
                for (let c = 0; c < cin; c++)
                    for (let o = 0; o < cout; o++) torch[o * cols + (c * kh + i) * kw + j] = hwio[((i * kw + j) * cin + c) * cout + o]!;
        expect(gramError(torch, cout, cols)).toBeLessThan(1e-6);
        const again = orthogonal([kh, kw, cin, cout], new Random(3)).dataSync();
        expect(Array.from(again)).toEqual(Array.from(hwio));
        expect(Array.from(orthogonal([kh, kw, cin, cout], new Random(4)).dataSync())).not.toEqual(Array.from(hwio));
        // Matches the matrix orthogonalMatrix draws from the same seed.
        const m = orthogonalMatrix(cout, cols, new Random(3));
        expect(Math.max(...Array.from(m, (v, i) => Math.abs(v - torch[i]!)))).toBeLessThan(1e-6);
    });

    it('dense [in, out] weights and bad shapes', () => {
        const w = orthogonal([10, 4], new Random(5)).dataSync();
        // [in, out] = the transpose of PyTorch's [out, in]: 4 orthonormal columns of length 10.
        expect(gramError(w, 10, 4)).toBeLessThan(1e-6);
        expect(() => orthogonal([3, 3, 4], new Random(1))).toThrow(/\[kh, kw, in, out\] or \[in, out\]/);
        expect(() => orthogonalMatrix(0, 3, new Random(1))).toThrow(/positive integer/);
    });
});

describe('weightNorm', () => {
    it('divides by the Frobenius norm of the whole tensor', () => {
        const w = tf.tensor2d([[3, 0], [0, -4]]);
        expect(Array.from(weightNorm(w).dataSync())).toEqual([0.6, 0, 0, -0.8].map((v) => Math.fround(v)));
        w.dispose();
    });
});
