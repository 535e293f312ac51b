/** Messages between the training loop and its data-parallel workers (worker.ts). */
import type { BackendChoice } from '../backend/backend.js';
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
