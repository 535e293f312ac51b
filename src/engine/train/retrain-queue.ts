/**
 * Retraining a run's best architectures: one after another on this thread, or, on the backends
 * whose kernels run on one thread (wasm, cpu), `parallel` at a time, each whole on its own worker
 * thread (parallel/retrain-pool.ts). Every network's numbers depend only on its own random streams,
 * so both ways give the same results, and a network stopped or killed resumes from its own
 * checkpoint either way.
 */
import type { BackendName } from '../../shared/protocol.js';
import type { Architecture } from '../space/architecture.js';
import type { SearchSpace } from '../space/space.js';
import { retrainInWorkers } from '../parallel/retrain-pool.js';
import { retrainArchitecture, type RetrainOutcome } from './retrain.js';
import type { LoopContext, LoopOutcome } from './train-loop.js';

export interface RetrainJob {
    /** Rank of the architecture in the search, for events. */
    rank: number;
    id: string;
    architecture: Architecture;
    checkpointPath: string;
}

export interface QueueOptions extends Omit<LoopContext, 'checkpointPath' | 'remainingAfter'> {
    seed: number;
    backend: BackendName;
    /** Networks retrained at once; above 1 only on wasm and cpu (libtensorflow and WebGPU use the whole device for one). */
    parallel: number;
    /** Data-parallel threads per step when networks are retrained one at a time. */
    workers: number;
    /** Steps one retraining takes, for the ETA of the networks still queued. */
    stepsPerNetwork: number;
    onRetrained(job: RetrainJob, outcome: RetrainOutcome): void;
}

/** How many networks a backend retrains at once when `wanted` are asked for. */
export function retrainParallelism(backend: BackendName, wanted: number, jobs: number): number {
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`parallel must be a positive integer, got ${wanted}`);
    return backend === 'wasm' || backend === 'cpu' ? Math.max(1, Math.min(wanted, jobs)) : 1;
}

export async function retrainQueue(space: SearchSpace, jobs: readonly RetrainJob[], options: QueueOptions): Promise<LoopOutcome> {
    const parallel = retrainParallelism(options.backend, options.parallel, jobs.length);
    if (parallel > 1) return retrainInWorkers(space, jobs, { ...options, parallel });
    for (const [i, job] of jobs.entries()) {
        const left = jobs.length - i - 1;
        const result = await retrainArchitecture(space, job.architecture, {
            ...options, rank: job.rank, id: job.id, checkpointPath: job.checkpointPath,
            remainingAfter: (secondsPerStep) => left * options.stepsPerNetwork * secondsPerStep,
        });
        if (result.outcome === 'stopped') return 'stopped';
        options.onRetrained(job, result);
    }
    return 'completed';
}
