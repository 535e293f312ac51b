/**
 * Test helpers for the engine ops: seeded tensors, a float64 reference convolution, and a
 * finite-difference gradient check.
 */
import { tf } from '../../src/engine/backend/tf.js';
import { Random } from '../../src/engine/random.js';
import type { ConvGeometry } from '../../src/engine/model/ops/conv-geometry.js';

export function randomTensor(rng: Random, shape: number[], scale = 1): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1);
    return tf.tensor(Float32Array.from({ length: size }, () => scale * rng.normal()), shape);
}

/** PyTorch conv2d in float64 loops. x: [n, h, w, cin] data, w: [kh, kw, cin/g, cout] data; returns [n, ho, wo, cout]. */
export function referenceConv(x: ArrayLike<number>, w: ArrayLike<number>, g: ConvGeometry): Float64Array {
    const [h, wd] = g.inSize;
    const [ho, wo] = g.outSize;
    const [kh, kw] = g.kernel;
    const cin = g.inChannels;
    const cout = g.outChannels;
    const cinG = cin / g.groups;
    const coutG = cout / g.groups;
    const y = new Float64Array(g.batch * ho * wo * cout);
    for (let n = 0; n < g.batch; n++)
        for (let oy = 0; oy < ho; oy++)
            for (let ox = 0; ox < wo; ox++)
                for (let o = 0; o < cout; o++) {
                    const group = Math.floor(o / coutG);
                    let acc = 0;
                    for (let i = 0; i < kh; i++) {
                        const iy = oy * g.stride[0] + i * g.dilation[0] - g.pad[0];
                        if (iy < 0 || iy >= h) continue;
                        for (let j = 0; j < kw; j++) {
                            const ix = ox * g.stride[1] + j * g.dilation[1] - g.pad[1];
                            if (ix < 0 || ix >= wd) continue;
                            for (let c = 0; c < cinG; c++) {
                                acc += x[((n * h + iy) * wd + ix) * cin + group * cinG + c]! * w[((i * kw + j) * cinG + c) * cout + o]!;
                            }
                        }
                    }
                    y[((n * ho + oy) * wo + ox) * cout + o] = acc;
                }
    return y;
}

export interface GradCheckResult {
    /** max |numeric - analytic| / max |analytic|, per input. */
    relError: number[];
    /** max |analytic| per input, to show the check was not vacuous. */
    scale: number[];
}

/**
 * Compares tf.grads of f (with upstream gradient R) against central differences of the float64
 * loss L = sum(f(inputs) * R), taken over every element of every input. f must be deterministic.
 * h: the step; the actual step is measured after rounding x +- h to float32.
 */
export function gradCheck(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], rng: Random, h: number): GradCheckResult {
    const outShape = tf.tidy(() => f(...inputs).shape);
    const r = Float64Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1));
    const analytic = tf.tidy(() => tf.grads(f)(inputs, tf.tensor(Float32Array.from(r), outShape)).map((g) => g.dataSync().slice()));
    const loss = (xs: tf.Tensor[]): number => {
        const y = tf.tidy(() => f(...xs)).dataSync();
        let s = 0;
        for (let i = 0; i < y.length; i++) s += y[i]! * r[i]!;
        return s;
    };
    const relError: number[] = [];
    const scale: number[] = [];
    inputs.forEach((input, k) => {
        const base = input.dataSync() as Float32Array;
        let maxErr = 0;
        let maxAbs = 0;
        for (let i = 0; i < base.length; i++) {
            const plus = Math.fround(base[i]! + h);
            const minus = Math.fround(base[i]! - h);
            const at = (v: number): number => {
                const data = base.slice();
                data[i] = v;
                const moved = tf.tensor(data, input.shape);
                const value = loss(inputs.map((t, j) => (j === k ? moved : t)));
                moved.dispose();
                return value;
            };
            const numeric = (at(plus) - at(minus)) / (plus - minus);
            maxErr = Math.max(maxErr, Math.abs(numeric - analytic[k]![i]!));
            maxAbs = Math.max(maxAbs, Math.abs(analytic[k]![i]!));
        }
        relError.push(maxErr / Math.max(maxAbs, 1e-12));
        scale.push(maxAbs);
    });
    return { relError, scale };
}
