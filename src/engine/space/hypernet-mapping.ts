/**
 * From HyperNet output to 1x1 weights (spec §4.4), generalised to the output multiplier m.
 *
 * The HyperNet maps c [C, k, S'] to H [B, k, S'] with B = m·N²·D. Together, H holds one generated
 * matrix W [S'·D·N rows (1x1 inputs), m·N_max columns (1x1 outputs)]: the element of H at channel
 * b, row a, column s is W[i][o] with, for q = floor(b / (D·N)),
 *   i = D·N·s + (b mod D·N)                        (input row: slice s, position in the slice)
 *   o = N_max·floor(q / N) + N·a + (q mod N)        (output column: copy, row a's N outputs)
 * so with m = 1 each site (a, s) emits the N x D·N block of outputs N·a.. and inputs D·N·s..
 * (the released code), and each further copy adds N_max more output columns.
 *
 * The weight of an op [nIn, cols] (NHWC 1x1 filter [1, 1, nIn, cols]) is W[rowStart .. rowStart+nIn)
 * [0 .. cols). In TF.js, with H as a [B, k, S'] tensor:
 *   W  = H.reshape([m, N, D·N, k, S'])   // b = (copy·N + (q mod N))·D·N + (b mod D·N)
 *         .transpose([4, 2, 0, 3, 1])    // [S', D·N, m, k, N]
 *         .reshape([S'·D·N, m·N_max])    // row i = s·D·N + r, column o = copy·N_max + a·N + (q mod N)
 *   op = W.slice([op.rowStart, 0], [op.nIn, generatedColumns(space, op)])
 * or, one gather per op: tf.gather(H.reshape([-1]), opWeightIndices(space, op, S')).reshape([nIn, cols]).
 */
import type { OpArchitecture } from './architecture.js';
import type { SearchSpace } from './space.js';

/** B = multiplier·N²·D. */
export function hypernetOutputChannels(space: SearchSpace): number {
    return space.hypernet.multiplier * space.unit * space.unit * space.slice;
}

/** The element of W that HyperNet output channel b, row a, column s fills. */
export function oneByOneIndex(space: SearchSpace, b: number, a: number, s: number): { row: number; column: number } {
    const n = space.unit;
    const dn = space.slice * n;
    const q = Math.floor(b / dn);
    return { row: dn * s + (b % dn), column: space.maxWidth * Math.floor(q / n) + n * a + (q % n) };
}

/**
 * 1x1 output columns the SMASH net generates for an op. The HyperNet produces only m·N_max
 * columns; with `capAtGenerator` (the released code's behaviour, default) an op wanting more
 * (nB up to 4·G·N) silently gets m·N_max, so its SMASH-net 1x1 is narrower than the one it is
 * retrained with; without it, such an op is an error (raise `multiplier`).
 */
export function generatedColumns(space: SearchSpace, op: OpArchitecture, capAtGenerator = true): number {
    const available = space.hypernet.multiplier * space.maxWidth;
    if (op.nB <= available) return op.nB;
    if (capAtGenerator) return available;
    throw new Error(`an op of family '${op.family}' needs a ${op.nB}-wide 1x1 but the HyperNet generates ${available} columns (multiplier ${space.hypernet.multiplier} x maxWidth ${space.maxWidth}); raise the hypernet multiplier to ${Math.ceil(op.nB / space.maxWidth)}`);
}

/**
 * Flat indices into H [B, k, columns] (row-major) of the op's weight [nIn, cols], row-major:
 * entry r·cols + c is the index of W[rowStart + r][c].
 */
export function opWeightIndices(space: SearchSpace, op: OpArchitecture, columns: number, capAtGenerator = true): Int32Array {
    const n = space.unit;
    const dn = space.slice * n;
    const k = Math.floor(space.maxWidth / n);
    const cols = generatedColumns(space, op, capAtGenerator);
    const out = new Int32Array(op.nIn * cols);
    for (let r = 0; r < op.nIn; r++) {
        const row = op.rowStart + r;
        const s = Math.floor(row / dn);
        if (s >= columns) throw new RangeError(`op row ${row} lies in column ${s}, beyond the ${columns} columns of the HyperNet output`);
        for (let c = 0; c < cols; c++) {
            const copy = Math.floor(c / space.maxWidth);
            const o = c % space.maxWidth;
            const b = (copy * n + (o % n)) * dn + (row % dn);
            out[r * cols + c] = (b * k + Math.floor(o / n)) * columns + s;
        }
    }
    return out;
}
