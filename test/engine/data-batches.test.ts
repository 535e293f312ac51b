import { describe, expect, it } from 'vitest';
import { writeImage, type Placement } from '../../src/engine/data/augment.js';
import { batchCount, batches, type Batch, type BatchMode } from '../../src/engine/data/batches.js';
import { wholeSubset } from '../../src/engine/data/dataset.js';
import { normalizationTable, type Normalization } from '../../src/engine/data/normalize.js';
import { Random } from '../../src/engine/random.js';
import { memoryDataset } from './data-fixtures.js';

/** 10 images of 4x4x2 with random pixels; the label of image i is i, so a batch row names its source. */
const pixels = new Random(11);
const data = memoryDataset(10, 4, 4, 2, () => pixels.int(256), 10);
const subset = wholeSubset(data);
const normalization: Normalization = { mean: [0.4, 0.5], std: [0.2, 0.3] };
const imageSize = 4 * 4 * 2;

const run = (mode: BatchMode, batchSize = 4): Batch[] => [...batches(subset, { batchSize, normalization, mode })];
const train = (seed: number, crop = 0, flip = false, dropLast?: boolean): BatchMode =>
    ({ kind: 'train', random: new Random(seed), augment: { crop, flip }, ...(dropLast === undefined ? {} : { dropLast }) });
const labels = (list: Batch[]): number[] => list.flatMap((b) => Array.from(b.y));

function expected(index: number, placement: Placement): Float32Array {
    const out = new Float32Array(imageSize);
    writeImage(out, 0, data, index, normalizationTable(normalization, 2), placement);
    return out;
}

describe('batches', () => {
    it('evaluates every image once, in order, normalised, with a smaller last batch', () => {
        const list = run({ kind: 'eval' });
        expect(list.map((b) => b.size)).toEqual([4, 4, 2]);
        expect(list[2]!.shape).toEqual([2, 4, 4, 2]);
        expect(list[2]!.x).toHaveLength(2 * imageSize);
        expect(labels(list)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        const k = 2 * imageSize + 5; // image 6, pixel 2, channel 1
        expect(list[1]!.x[k]).toBeCloseTo((data.images[6 * imageSize + 5]! / 255 - 0.5) / 0.3, 5);
        expect(batchCount(10, 4, { kind: 'eval' })).toBe(3);
    });

    it('shuffles each training epoch differently, reproducibly, dropping the partial batch', () => {
        const mode = train(1);
        const first = run(mode);
        const second = run(mode);
        expect(first.map((b) => b.size)).toEqual([4, 4]);
        expect(new Set(labels(first)).size).toBe(8);
        expect(labels(first)).not.toEqual(labels(second));
        expect(labels(run(train(1)))).toEqual(labels(first));
        expect(labels(run(train(2)))).not.toEqual(labels(first));
        expect(run(train(1, 0, false, false)).map((b) => b.size)).toEqual([4, 4, 2]);
        expect(run(train(1), 16).map((b) => b.size)).toEqual([10]);
        expect([batchCount(10, 4, mode), batchCount(10, 16, mode), batchCount(10, 4, train(1, 0, false, false))]).toEqual([2, 1, 3]);
        const unaugmented = first[0]!;
        expect(unaugmented.x.subarray(0, imageSize)).toEqual(expected(unaugmented.y[0]!, { dy: 0, dx: 0, flip: false }));
    });

    it('augments each image with one of the allowed crops and flips, without changing the order', () => {
        const list = run(train(4, 1, true, false));
        expect(labels(list)).toEqual(labels(run(train(4, 0, false, false))));
        const placements: Placement[] = [];
        for (const dy of [-1, 0, 1]) for (const dx of [-1, 0, 1]) for (const flip of [false, true]) placements.push({ dy, dx, flip });
        const used = new Set<string>();
        for (const batch of list) {
            for (let i = 0; i < batch.size; i++) {
                const image = batch.x.subarray(i * imageSize, (i + 1) * imageSize);
                const match = placements.find((p) => expected(batch.y[i]!, p).every((v, k) => v === image[k]));
                expect(match).toBeDefined();
                used.add(JSON.stringify(match));
            }
        }
        expect(used.size).toBeGreaterThan(3);
    });

    it('rejects a batch size below 1', () => {
        expect(() => run({ kind: 'eval' }, 0)).toThrow(/batch size must be an integer >= 1/);
    });
});
