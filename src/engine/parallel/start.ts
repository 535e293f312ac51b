/**
 * Whether a training loop runs data-parallel: with more than one worker asked for and a backend
 * whose kernels run on one thread (wasm, cpu). libtensorflow already uses every core itself.
 */
import type { BackendChoice } from '../backend/backend.js';
import { tf } from '../backend/tf.js';
import { DataParallel } from './data-parallel.js';
import type { ShardModelSpec } from './shard-model.js';

export async function startWorkers(workers: number | undefined, spec: ShardModelSpec): Promise<DataParallel | undefined> {
    const count = workers ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
    const backend = tf.getBackend();
    if (count === 1 || (backend !== 'wasm' && backend !== 'cpu')) return undefined;
    return DataParallel.start(count, backend as BackendChoice, spec);
}
