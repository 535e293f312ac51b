/**
 * Mini-batches of a subset as plain typed arrays; the training loop wraps them in tensors
 * (e.g. tf.tensor4d(batch.x, batch.shape)). Every batch is freshly allocated, because a tensor may
 * keep a reference to the array it was made from.
 *
 * Modes:
 * - `train`: one call is one epoch. The order is a fresh permutation and every image gets a random
 *   placement (augment.ts). Both come from streams forked off `random` at the start of the epoch
 *   ('order', then 'augment'), so the order does not depend on the augmentation settings, and
 *   calling it again with the same stream gives the next epoch. The last partial batch is dropped
 *   (every step sees `batchSize` images and an epoch has floor(n / batchSize) steps; a different
 *   remainder is left out each epoch) unless it is the only batch or `dropLast` is false.
 * - `eval`: the subset's order, no augmentation, every image exactly once; the last batch may be
 *   smaller.
 */
import type { AugmentSpec } from '../space/space.js';
import type { Random } from '../random.js';
import { drawPlacement, IDENTITY, writeImage } from './augment.js';
import type { Subset } from './dataset.js';
import { normalizationTable, type Normalization } from './normalize.js';

export interface Batch {
    /** x: [size, height, width, channels] (NHWC), normalised. */
    x: Float32Array;
    /** y: [size] class indices. */
    y: Int32Array;
    size: number;
    shape: [number, number, number, number];
}

export type BatchMode =
    | { kind: 'train'; random: Random; augment: AugmentSpec; dropLast?: boolean }
    | { kind: 'eval' };

export interface BatchOptions {
    batchSize: number;
    normalization: Normalization;
    mode: BatchMode;
}

/** How many batches one call of `batches` yields for n images. */
export function batchCount(n: number, batchSize: number, mode: BatchMode): number {
    const dropLast = mode.kind === 'train' && (mode.dropLast ?? true);
    return dropLast && n >= batchSize ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
}

export function* batches(subset: Subset, options: BatchOptions): Generator<Batch> {
    const { batchSize, mode } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be an integer >= 1, got ${batchSize}`);
    const { data, indices } = subset;
    const table = normalizationTable(options.normalization, data.channels);
    const order = mode.kind === 'train' ? mode.random.fork('order').permutation(indices.length) : undefined;
    const augmentRandom = mode.kind === 'train' ? mode.random.fork('augment') : undefined;
    const imageSize = data.height * data.width * data.channels;
    const count = batchCount(indices.length, batchSize, mode);
    for (let b = 0; b < count; b++) {
        const first = b * batchSize;
        const size = Math.min(batchSize, indices.length - first);
        const x = new Float32Array(size * imageSize);
        const y = new Int32Array(size);
        for (let i = 0; i < size; i++) {
            const index = indices[order ? order[first + i]! : first + i]!;
            const placement = mode.kind === 'train' ? drawPlacement(augmentRandom!, mode.augment) : IDENTITY;
            writeImage(x, i * imageSize, data, index, table, placement);
            y[i] = data.labels[index]!;
        }
        yield { x, y, size, shape: [size, data.height, data.width, data.channels] };
    }
}
