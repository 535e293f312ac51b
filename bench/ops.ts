/**
 * Milliseconds per forward + backward of the engine's conv2d and batchNorm at a SMASH-sized
 * activation (default x = [64, 32, 32, 32]), against the plain tfjs alternatives.
 *
 *   node scripts/bench-build.mjs && node out/bench/ops.mjs [wasm|cpu] [reps] [n,h,w,c]
 */
import { selectBackend, type BackendChoice } from '../src/engine/backend/backend.js';
import { batchNorm, createBatchNormParams } from '../src/engine/model/ops/batchnorm.js';
import { conv2d, type Conv2dOptions } from '../src/engine/model/ops/conv.js';
import { installWasmKernels } from '../src/engine/model/ops/wasm-kernels.js';
import { tf } from '../src/engine/backend/tf.js';

const backend = (process.argv[2] ?? 'wasm') as BackendChoice;
const reps = Number(process.argv[3] ?? 5);
const shape = (process.argv[4] ?? '64,32,32,32').split(',').map(Number) as [number, number, number, number];
const info = await selectBackend(backend);
if (info.name === 'wasm') installWasmKernels();
console.log(`backend ${info.name} ${info.version} threads=${info.threads} simd=${info.simd}`);

/**
 * Median of `reps` runs after one warm-up, in ms of process CPU time (user + system), which other
 * processes competing for the cores inflate far less than wall time; wasm runs on one thread.
 * f returns the tensors to wait for.
 */
function median(f: () => tf.Tensor[]): number {
    const times: number[] = [];
    for (let r = 0; r <= reps; r++) {
        const start = process.cpuUsage();
        const outs = f();
        for (const t of outs) t.dataSync();
        tf.dispose(outs);
        const used = process.cpuUsage(start);
        if (r > 0) times.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
}

const x = tf.randomNormal(shape) as tf.Tensor4D;
const dy = tf.randomNormal(shape) as tf.Tensor4D;
const report = (name: string, ms: number): void => console.log(`${name.padEnd(48)} ${ms.toFixed(1).padStart(8)} ms CPU`);

for (const [dilation, groups] of [[1, 1], [2, 1], [1, 4], [2, 4]] as const) {
    const c = shape[3];
    const w = tf.randomNormal([3, 3, c / groups, c]) as tf.Tensor4D;
    const options: Conv2dOptions = { dilation, groups };
    report(`conv2d 3x3 d${dilation} g${groups} forward`, median(() => [conv2d(x, w, options)]));
    report(`conv2d 3x3 d${dilation} g${groups} forward+backward`, median(() => tf.grads((a, b) => conv2d(a as tf.Tensor4D, b as tf.Tensor4D, options))([x, w], dy)));
    if (dilation === 1 && groups === 1) {
        report('  tf.conv2d (tfjs gradient kernels) fwd+bwd', median(() => tf.grads((a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))([x, w], dy)));
    }
    if (groups > 1) {
        for (const groupStrategy of ['split', 'blockDiagonal'] as const) {
            const forced = { ...options, groupStrategy };
            report(`  groupStrategy ${groupStrategy} fwd+bwd`, median(() => tf.grads((a, b) => conv2d(a as tf.Tensor4D, b as tf.Tensor4D, forced))([x, w], dy)));
        }
    }
    w.dispose();
}

// Shared buffers wider than the activation, as in SMASH: the op uses the first 32 channels.
const params = createBatchNormParams(2 * shape[3]);
const train = { training: true };
report('batchNorm (train) forward', median(() => [batchNorm(x, params, train)]));
// The custom gradient computes dx, dgamma and dbeta together whichever is asked for.
report('batchNorm (train) forward+backward', median(() => tf.grads((a) => batchNorm(a as tf.Tensor4D, params, train))([x], dy)));
const naive = (a: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor4D => {
    const { mean, variance } = tf.moments(a, [0, 1, 2]);
    return tf.batchNorm4d(a, mean as tf.Tensor1D, variance as tf.Tensor1D, b, g, 1e-5);
};
const gamma = tf.ones([shape[3]]);
const beta = tf.zeros([shape[3]]);
report('  tf.moments + tf.batchNorm fwd+bwd', median(() => tf.grads((a, g, b) => naive(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D))([x, gamma, beta], dy)));
