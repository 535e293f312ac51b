/**
 * The engine's single import point for TensorFlow.js: every engine file imports `tf` from here and
 * never from a `@tensorflow/*` package directly.
 *
 * Why the union package: `@tensorflow/tfjs-core`'s CommonJS entry (what Node and vitest load)
 * registers no gradient configs, so `tf.grad` would fail with "gradient function not found".
 * `@tensorflow/tfjs` registers all of them (its CJS bundle inline, its ESM entry through
 * `tfjs-core/dist/register_all_gradients`), so this import is correct under vitest, plain Node, and
 * esbuild bundles in either format. It also registers the cpu backend; the wasm and native backends
 * are loaded on demand by `backend.ts`.
 *
 * Types are reachable through the namespace: `tf.Tensor4D`, `tf.Variable`, `tf.TensorInfo`, ...
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
