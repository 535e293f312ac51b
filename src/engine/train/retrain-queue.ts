/**
 * Retraining a run's best architectures: one after another on this thread, or, on the backends
 * whose kernels run on one thread (wasm, cpu), `parallel` at a time, each whole on its own worker
 * thread (parallel/retrain-pool.ts). Every network's numbers depend only on its own random streams,
 * so both ways give the same results unless `workers` splits the steps of the first way, and a
 * network stopped or killed resumes from its own checkpoint either way.
 */
import { availableParallelism } from 'node:os';
import type { BackendName, RunManifest } from '../../shared/protocol.js';
import type { SearchSpace } from '../space/space.js';
import { retrainInWorkers, type PoolOptions } from '../parallel/retrain-pool.js';
import type { RetrainJob } from '../parallel/protocol.js';
import { retrainArchitecture } from './retrain.js';
import type { LoopOutcome } from './train-loop.js';

export interface QueueOptions extends PoolOptions {
    /** Data-parallel threads per step, used only when networks are retrained one at a time (parallel 1). */
    workers: number;
}

/**
 * The networks a run asks to retrain at once: its `--parallel`, else ('auto') twice the cores of the
 * machine it runs on now (with one per core, the last of 3 networks on 2 cores would run alone);
 * runs made before the setting existed retrain one at a time, as they began.
 */
export function wantedParallelism(setting: RunManifest['parallel']): number {
    return setting === 'auto' ? 2 * availableParallelism() : setting ?? 1;
}

/**
 * How many networks a backend retrains at once when `wanted` are asked for: 1 means one after
 * another on the calling thread. The choice must not depend on how many networks are left, or a
 * run resumed with one left would retrain it split over `workers` where it began unsplit.
 */
export function retrainParallelism(backend: BackendName, wanted: number): number {
    if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`parallel must be a positive integer, got ${wanted}`);
    return backend === 'wasm' || backend === 'cpu' ? wanted : 1;
}

export async function retrainQueue(space: SearchSpace, jobs: readonly RetrainJob[], options: QueueOptions): Promise<LoopOutcome> {
    const parallel = retrainParallelism(options.backend, options.parallel);
    if (parallel > 1) return retrainInWorkers(space, jobs, { ...options, parallel });
    for (const [i, job] of jobs.entries()) {
        const stepsAfter = options.stepsAfter(jobs.length - i - 1);
        const result = await retrainArchitecture(space, job.architecture, {
            ...options, seed: job.seed, rank: job.rank, id: job.id, checkpointPath: job.checkpointPath,
            remainingAfter: (secondsPerStep) => stepsAfter * secondsPerStep,
        });
        if (result.outcome === 'stopped') return 'stopped';
        options.onRetrained(job, result);
    }
    return 'completed';
}
