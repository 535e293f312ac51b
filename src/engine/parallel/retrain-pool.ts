/**
 * Several retrainings at once, each whole on its own worker thread (retrain-worker.ts) with its own
 * single-threaded backend: two cores did 1.5 to 1.8 times the work of one (docs/performance.md).
 * Unlike data-parallel steps, nothing is split: each network's numbers are those of the same
 * retraining on the calling thread with one worker.
 *
 * A stop request is passed to the workers through shared memory; each saves its checkpoint at the
 * step it has reached and ends. When one worker fails, the others are stopped the same way before
 * the error is raised, so networks already retrained and checkpoints already written are kept.
 */
import { Worker } from 'node:worker_threads';
import type { BackendName, RunEvent } from '../../shared/protocol.js';
import type { Normalization } from '../data/normalize.js';
import type { Dataset, Subset } from '../data/dataset.js';
import type { DataSplit } from '../data/split.js';
import type { EventSink, Timeless } from '../run/event-log.js';
import type { SearchSpace } from '../space/space.js';
import type { RetrainOutcome } from '../train/retrain.js';
import type { LoopOutcome } from '../train/train-loop.js';
import type { RetrainJob, RetrainWorkerInit, RetrainWorkerMessage } from './protocol.js';
import { workerScript } from './worker-script.js';

export interface PoolOptions {
    /** Networks trained at once. */
    parallel: number;
    backend: BackendName;
    split: DataSplit;
    normalization: Normalization;
    log: EventSink;
    shouldStop: () => boolean;
    /** Steps the `networksLeft` retrainings still queued will take, for the run's ETA. */
    stepsAfter(networksLeft: number): number;
    /** Called as each network ends its retraining, in the order they end. */
    onRetrained(job: RetrainJob, outcome: RetrainOutcome): void;
}

/** Retrains `jobs`, `options.parallel` at a time; 'stopped' when a stop request left some unfinished. */
export async function retrainInWorkers(space: SearchSpace, jobs: readonly RetrainJob[], options: PoolOptions): Promise<LoopOutcome> {
    const script = workerScript('retrain-worker.cjs', 'parallel retraining');
    const split = sharedSplit(options.split);
    const stop = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const flag = new Int32Array(stop);
    const requestStop = () => Atomics.store(flag, 0, 1);
    const stopping = (): boolean => {
        if (Atomics.load(flag, 0) === 0 && options.shouldStop()) requestStop();
        return Atomics.load(flag, 0) === 1;
    };
    const log = new MergedEta(options.log);
    let next = 0;
    let completed = 0;
    const slot = async (): Promise<void> => {
        while (next < jobs.length && !stopping()) {
            const job = jobs[next++]!;
            const init: RetrainWorkerInit = {
                backend: options.backend, space, architecture: job.architecture, seed: job.seed, rank: job.rank, id: job.id,
                checkpointPath: job.checkpointPath, split, normalization: options.normalization, stop,
                stepsAfter: options.stepsAfter(jobs.length - next),
            };
            const outcome = await runWorker(script, init, log);
            if (outcome.outcome === 'stopped') return;
            completed++;
            options.onRetrained(job, outcome);
        }
    };
    // The loops run in the workers; the caller's stop request is read here and passed on.
    const poll = setInterval(stopping, 100);
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
 * The run's log, with each event's ETA made the longest of the running networks' own: each worker
 * knows only when its network will end, and the run ends with the last of them. A retraining is
 * known by its checkpoint's path: the benchmark retrains one network with two seeds at once.
 */
class MergedEta {
    private readonly etas = new Map<string, number>();

    constructor(private readonly log: EventSink) {}

    emit(retraining: string, event: Timeless<RunEvent>): void {
        if (!('eta' in event)) return this.log.emit(event);
        this.etas.set(retraining, event.eta);
        this.log.emit({ ...event, eta: Math.max(...this.etas.values()) });
    }

    ended(retraining: string): void {
        this.etas.delete(retraining);
    }
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
function runWorker(script: string, init: RetrainWorkerInit, log: MergedEta): Promise<RetrainOutcome> {
    return new Promise((resolve, reject) => {
        const worker = new Worker(script, { workerData: init });
        let outcome: RetrainOutcome | undefined;
        let failure: Error | undefined;
        worker.on('message', (message: RetrainWorkerMessage) => {
            try {
                if (message.type === 'event') log.emit(init.checkpointPath, message.event);
                else if (message.type === 'done') outcome = message.outcome;
                else failure = new Error(`retraining ${init.id}: ${message.message}`);
            } catch (error) {
                // The log could not be written (a full disk): end this worker; the pool stops the others.
                failure = new Error(`retraining ${init.id}: ${(error as Error).message}`);
            }
            // Its backend's threads may keep the worker alive once it has answered.
            if (message.type !== 'event' || failure) void worker.terminate();
        });
        worker.on('error', (error) => {
            failure ??= new Error(`retraining ${init.id}: ${error.message}`);
        });
        worker.on('exit', (code) => {
            log.ended(init.checkpointPath);
            if (outcome && !failure) resolve(outcome);
            else reject(failure ?? new Error(`retraining ${init.id}: its worker exited with code ${code}`));
        });
    });
}
