/** Messages between the engine and its workers: data-parallel shards (worker.ts) and whole retrainings (retrain-worker.ts). */
import type { BackendName, RunEvent } from '../../shared/protocol.js';
import type { BackendChoice } from '../backend/backend.js';
import type { Normalization } from '../data/normalize.js';
import type { DataSplit } from '../data/split.js';
import type { Timeless } from '../run/event-log.js';
import type { Architecture } from '../space/architecture.js';
import type { SearchSpace } from '../space/space.js';
import type { RetrainOutcome } from '../train/retrain.js';
import type { ShardModelSpec } from './shard-model.js';

/** workerData of a new worker. */
export interface WorkerInit {
    backend: BackendChoice;
    spec: ShardModelSpec;
}

/** One shard of one step. */
export interface ShardRequest {
    /** Every parameter's value, then every statistic's, in ShardModel order: the state the step starts from. */
    state: Float32Array[];
    /** x: [size, H, W, C] (NHWC). */
    x: Float32Array;
    shape: [number, number, number, number];
    y: Int32Array;
    step: number;
    progress: number;
}

export type WorkerReply =
    | { type: 'ready' }
    | {
        type: 'shard';
        loss: number;
        correct: number;
        /** Per parameter, in ShardModel order; null where the step does not use it. */
        grads: Array<Float32Array | null>;
        /** Statistics after the step's BN updates, in ShardModel order. */
        statistics: Float32Array[];
    }
    | { type: 'error'; message: string };

/** One architecture to retrain. */
export interface RetrainJob {
    /** Rank of the architecture in the search, for events. */
    rank: number;
    id: string;
    architecture: Architecture;
    /** The retraining's random streams: a search retrains with its own seed, the benchmark each network with two. */
    seed: number;
    checkpointPath: string;
}

/** workerData of a worker that retrains one whole architecture (retrain-worker.ts). */
export interface RetrainWorkerInit {
    backend: BackendName;
    space: SearchSpace;
    architecture: Architecture;
    seed: number;
    rank: number;
    id: string;
    checkpointPath: string;
    /** The run's split; its pools' pixels are in shared memory (retrain-pool.ts). */
    split: DataSplit;
    normalization: Normalization;
    /** Int32Array view [1]: set to 1 by the pool when the run is asked to stop. */
    stop: SharedArrayBuffer;
    /** Steps the networks still queued will take once this one ends: the rest of the run's ETA. */
    stepsAfter: number;
}

export type RetrainWorkerMessage =
    | { type: 'event'; event: Timeless<RunEvent> }
    | { type: 'done'; outcome: RetrainOutcome }
    | { type: 'error'; message: string };
