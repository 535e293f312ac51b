/**
 * A data-parallel training worker (bundled to out/engine/parallel-worker.cjs): its own TensorFlow.js
 * backend and copy of the network; per request it takes the step's starting state, computes the
 * loss and gradients of its shard and sends them back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/backend.js';
import { installWasmKernels } from '../model/ops/wasm-kernels.js';
import { tf } from '../backend/tf.js';
import type { ShardRequest, WorkerInit, WorkerReply } from './protocol.js';
import { buildShardModel, shardGradients, type ShardModel } from './shard-model.js';

const port = parentPort!;
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function start(init: WorkerInit): Promise<ShardModel> {
    await selectBackend(init.backend);
    if (init.backend === 'wasm') installWasmKernels();
    return buildShardModel(init.spec);
}

async function run(model: ShardModel, request: ShardRequest): Promise<void> {
    const targets = [...model.parameters.map((p) => p.variable), ...Object.values(model.statistics)];
    tf.tidy(() => targets.forEach((v, i) => v.assign(tf.tensor(request.state[i]!, v.shape))));
    const x = tf.tensor4d(request.x, request.shape);
    const y = tf.tensor1d(request.y, 'int32');
    const result = await shardGradients(model, x, y, request.step, request.progress);
    // Copies: on the cpu backend data() returns the tensor's own buffer, which must not be transferred.
    const grads = await Promise.all(model.parameters.map(async (p) => (result.grads[p.name] ? Float32Array.from(await result.grads[p.name]!.data()) : null)));
    const statistics = await Promise.all(Object.values(model.statistics).map(async (v) => Float32Array.from(await v.data())));
    tf.dispose([x, y, ...Object.values(result.grads)]);
    const buffers = [...grads, ...statistics].flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
    reply({ type: 'shard', loss: result.loss, correct: result.correct, grads, statistics }, buffers);
}

start(workerData as WorkerInit).then(
    (model) => {
        port.on('message', (request: ShardRequest) => {
            try {
                run(model, request);
            } catch (error) {
                reply({ type: 'error', message: (error as Error).message });
            }
        });
        reply({ type: 'ready' });
    },
    (error: Error) => reply({ type: 'error', message: error.message }),
);
