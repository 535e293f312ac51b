/**
 * Several retrainings at once, each whole on its own worker thread (retrain-worker.ts) with its own
 * single-threaded backend: two cores did 1.5 to 1.8 times the work of one (docs/performance.md).
 * Unlike data-parallel steps, nothing is split: each network's numbers are those of the same
 * retraining on the calling thread.
 *
 * A stop request is passed to the workers through shared memory; each saves its checkpoint at the
 * step it has reached and ends. When one worker fails, the others are stopped the same way before
 * the error is raised, so networks already retrained and checkpoints already written are kept.
 */
import { Worker } from 'node:worker_threads';
import type { BackendChoice } from '../backend/backend.js';
import type { Normalization } from '../data/normalize.js';
import type { Dataset, Subset } from '../data/dataset.js';
import type { DataSplit } from '../data/split.js';
import type { EventSink } from '../run/event-log.js';
import type { SearchSpace } from '../space/space.js';
import type { RetrainOutcome } from '../train/retrain.js';
import type { LoopOutcome } from '../train/train-loop.js';
import type { RetrainWorkerInit, RetrainWorkerMessage } from './protocol.js';
import { workerScript } from './worker-script.js';
import type { RetrainJob } from '../train/retrain-queue.js';

export interface PoolOptions {
    /** Networks trained at once. */
    parallel: number;
    backend: BackendChoice;
    seed: number;
    split: DataSplit;
    normalization: Normalization;
    log: EventSink;
    shouldStop: () => boolean;
    /** Steps one retraining takes, for the ETA of the networks still queued. */
    stepsPerNetwork: number;
    /** Called as each network ends its retraining, in the order they end. */
    onRetrained(job: RetrainJob, outcome: RetrainOutcome): void;
}

export async function retrainInWorkers(space: SearchSpace, jobs: readonly RetrainJob[], options: PoolOptions): Promise<LoopOutcome> {
    const script = workerScript('retrain-worker.cjs', 'parallel retraining');
    const stop = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const flag = new Int32Array(stop);
    const requestStop = () => Atomics.store(flag, 0, 1);
    // The loops run in the workers; the caller's stop request is read here and passed on.
    const poll = setInterval(() => options.shouldStop() && requestStop(), 100);
    const split = sharedSplit(options.split);
    let next = 0;
    let completed = 0;
    const slot = async (): Promise<void> => {
        while (next < jobs.length && Atomics.load(flag, 0) === 0) {
            const job = jobs[next++]!;
            const init: RetrainWorkerInit = {
                backend: options.backend, space, architecture: job.architecture, seed: options.seed, rank: job.rank, id: job.id,
                checkpointPath: job.checkpointPath, split, normalization: options.normalization, stop,
                stepsAfter: Math.ceil((jobs.length - next) / options.parallel) * options.stepsPerNetwork,
            };
            const outcome = await runWorker(script, init, options.log);
            if (outcome.outcome === 'stopped') return;
            completed++;
            options.onRetrained(job, outcome);
        }
    };
    try {
        const slots = await Promise.allSettled(Array.from({ length: Math.min(options.parallel, jobs.length) }, () => slot().catch((error) => {
            requestStop();
            throw error;
        })));
        const failed = slots.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (failed) throw failed.reason;
    } finally {
        clearInterval(poll);
    }
    return completed === jobs.length ? 'completed' : 'stopped';
}

/**
 * The split with its pools' pixels and labels in shared memory: every worker then reads the one
 * copy instead of receiving its own (CIFAR-10's pool is 184 MB).
 */
function sharedSplit(split: DataSplit): DataSplit {
    const copies = new Map<Dataset, Dataset>();
    const share = (subset: Subset): Subset => {
        let data = copies.get(subset.data);
        if (!data) {
            data = { ...subset.data, images: sharedCopy(subset.data.images), labels: sharedCopy(subset.data.labels) };
            copies.set(subset.data, data);
        }
        return { data, indices: subset.indices };
    };
    return { train: share(split.train), validation: share(split.validation), test: share(split.test) };
}

function sharedCopy(array: Uint8Array): Uint8Array {
    const copy = new Uint8Array(new SharedArrayBuffer(array.byteLength));
    copy.set(array);
    return copy;
}

/** One retraining on a new worker: its events go to `log` as they come; resolves with its outcome. */
function runWorker(script: string, init: RetrainWorkerInit, log: EventSink): Promise<RetrainOutcome> {
    return new Promise((resolve, reject) => {
        const worker = new Worker(script, { workerData: init });
        let outcome: RetrainOutcome | undefined;
        let failure: Error | undefined;
        worker.on('message', (message: RetrainWorkerMessage) => {
            if (message.type === 'event') log.emit(message.event);
            else if (message.type === 'done') outcome = message.outcome;
            else failure = new Error(`retraining ${init.id}: ${message.message}`);
            // Its backend's threads may keep the worker alive once it has answered.
            if (message.type !== 'event') void worker.terminate();
        });
        worker.on('error', (error) => {
            failure ??= new Error(`retraining ${init.id}: ${error.message}`);
        });
        worker.on('exit', (code) => {
            if (outcome) resolve(outcome);
            else reject(failure ?? new Error(`retraining ${init.id}: its worker exited with code ${code}`));
        });
    });
}
