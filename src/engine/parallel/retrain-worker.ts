/**
 * A worker thread that retrains one architecture from start to end (bundled to
 * out/engine/retrain-worker.cjs; started by retrain-pool.ts). It has its own TensorFlow.js backend,
 * writes its own checkpoints, and sends its events and its outcome to the pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/backend.js';
import { retrainArchitecture } from '../train/retrain.js';
import type { RetrainWorkerInit, RetrainWorkerMessage } from './protocol.js';

const port = parentPort!;
const send = (message: RetrainWorkerMessage) => port.postMessage(message);

async function run(init: RetrainWorkerInit): Promise<void> {
    await selectBackend(init.backend);
    const stop = new Int32Array(init.stop);
    const outcome = await retrainArchitecture(init.space, init.architecture, {
        seed: init.seed, rank: init.rank, id: init.id, checkpointPath: init.checkpointPath,
        split: init.split, normalization: init.normalization,
        // The pool's EventLog stamps the time when it writes the event.
        log: { emit: (event) => send({ type: 'event', event }) },
        shouldStop: () => Atomics.load(stop, 0) === 1,
        remainingAfter: (secondsPerStep) => init.stepsAfter * secondsPerStep,
    });
    send({ type: 'done', outcome });
}

run(workerData as RetrainWorkerInit).catch((error: Error) => send({ type: 'error', message: error.message }));
