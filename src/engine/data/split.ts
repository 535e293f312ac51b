/**
 * The fixed train / validation / test split of a DataSpec. It depends only on the seed, the counts
 * and the pools, so a later run (evaluation, retraining) rebuilds exactly the same subsets:
 *
 * - the training pool is permuted with the stream `data-split:<seed>:train-pool`; its first
 *   `validation` images are the validation set and the next `train` images (absent: all the rest)
 *   the training set, so the validation set does not change when only `train` changes;
 * - the test set is the whole test pool when `test` is absent or equals its size, else the first
 *   `test` images of a permutation with the stream `data-split:<seed>:test-pool`.
 *
 * Validation and training images never come from the test pool. The paper's code instead used the
 * last 10 % of the CIFAR training set as validation; a seeded draw matches the paper's text
 * ("5,000 random examples") and works for any count. Indices are sorted within each subset.
 */
import type { DataSpec } from '../space/space.js';
import { Random } from '../random.js';
import { DataError, type DataPools, type Subset } from './dataset.js';

export interface DataSplit {
    train: Subset;
    validation: Subset;
    test: Subset;
}

export function splitData(pools: DataPools, spec: Pick<DataSpec, 'train' | 'validation' | 'test'>, seed: number): DataSplit {
    const trainPool = pools.train.indices.length;
    const testPool = pools.test.indices.length;
    const validation = count('validation', spec.validation, 0);
    const leastTrain = spec.train === undefined ? 1 : count('train', spec.train, 1);
    const test = count('test', spec.test ?? testPool, 0);
    if (leastTrain + validation > trainPool) {
        const asked = spec.train === undefined ? `${validation} validation images and at least 1 for training`
            : `${spec.train} training + ${validation} validation = ${spec.train + validation}`;
        throw new DataError(pools.train.data.origin[0] ?? pools.train.data.kind,
            `at most ${trainPool} training + validation images (all that the training files hold)`, `a request for ${asked}`);
    }
    const train = spec.train ?? trainPool - validation;
    if (test > testPool) {
        throw new DataError(pools.test.data.origin[0] ?? pools.test.data.kind,
            `at most ${testPool} test images (all that the test files hold)`, `a request for ${test}`);
    }
    const order = new Random(`data-split:${seed}:train-pool`).permutation(trainPool);
    const testOrder = test === testPool ? undefined : new Random(`data-split:${seed}:test-pool`).permutation(testPool);
    return {
        validation: pick(pools.train, order.slice(0, validation)),
        train: pick(pools.train, order.slice(validation, validation + train)),
        test: testOrder ? pick(pools.test, testOrder.slice(0, test)) : pools.test,
    };
}

function count(key: string, value: number, min: number): number {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`data.${key} must be an integer >= ${min}, got ${value}`);
    return value;
}

function pick(pool: Subset, positions: number[]): Subset {
    return { data: pool.data, indices: Int32Array.from(positions, (p) => pool.indices[p]!).sort() };
}
