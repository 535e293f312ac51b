import { describe, expect, it } from 'vitest';
import { augmentWarnings, drawPlacement, IDENTITY, writeImage, type Placement } from '../../src/engine/data/augment.js';
import { wholeSubset, type Dataset } from '../../src/engine/data/dataset.js';
import { computeNormalization, normalizationTable } from '../../src/engine/data/normalize.js';
import { Random } from '../../src/engine/random.js';
import { memoryDataset } from './data-fixtures.js';

/** One 3x4 grey image with pixels 1..12 row-major. */
const grid = memoryDataset(1, 3, 4, 1, (_, k) => k + 1);
/** Identity normalisation in 0-255 units, so outputs read as pixel values. */
const raw = normalizationTable({ mean: [0], std: [1 / 255] }, 1);

function place(data: Dataset, placement: Placement, table = raw): number[] {
    const out = new Float32Array(data.height * data.width * data.channels);
    writeImage(out, 0, data, 0, table, placement);
    return Array.from(out, (v) => Math.round(v * 1000) / 1000);
}

describe('augmentation', () => {
    it('shifts the crop window and pads with zeros', () => {
        expect(place(grid, IDENTITY)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(place(grid, { dy: 1, dx: 0, flip: false })).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0]);
        expect(place(grid, { dy: 0, dx: -1, flip: false })).toEqual([0, 1, 2, 3, 0, 5, 6, 7, 0, 9, 10, 11]);
        expect(place(grid, { dy: -2, dx: 2, flip: false })).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0]);
    });

    it('mirrors left-right, then takes the crop of the mirrored image', () => {
        expect(place(grid, { dy: 0, dx: 0, flip: true })).toEqual([4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9]);
        expect(place(grid, { dy: 0, dx: 1, flip: true })).toEqual([0, 4, 3, 2, 0, 8, 7, 6, 0, 12, 11, 10]);
    });

    it('keeps the channels of a pixel together and pads with the normalised zero', () => {
        const rgb = memoryDataset(1, 1, 2, 3, (_, k) => [10, 20, 30, 40, 50, 60][k]!);
        const raw3 = normalizationTable({ mean: [0, 0, 0], std: [1 / 255, 1 / 255, 1 / 255] }, 3);
        expect(place(rgb, { dy: 0, dx: 0, flip: true }, raw3)).toEqual([40, 50, 60, 10, 20, 30]);
        const table = normalizationTable({ mean: [0.5, 0, 0], std: [0.25, 1, 1] }, 3);
        expect(place(rgb, { dy: 0, dx: 1, flip: false }, table)).toEqual([-1.373, 0.196, 0.235, -2, 0, 0]);
    });

    it('draws offsets in [-crop, crop] and flips half of the time', () => {
        const random = new Random(3);
        const seen = new Set<string>();
        let flips = 0;
        for (let i = 0; i < 4000; i++) {
            const { dy, dx, flip } = drawPlacement(random, { crop: 2, flip: true });
            seen.add(`${dy},${dx}`);
            if (flip) flips++;
        }
        expect(seen.size).toBe(25);
        expect([...seen].every((s) => s.split(',').every((v) => Math.abs(Number(v)) <= 2))).toBe(true);
        expect(Math.abs(flips / 4000 - 0.5)).toBeLessThan(0.04);
    });

    it('draws nothing when augmentation is off', () => {
        const random = new Random(5);
        expect(drawPlacement(random, { crop: 0, flip: false })).toEqual(IDENTITY);
        expect(random.uint32()).toBe(new Random(5).uint32());
    });

    it('warns about flipping digits and about crops larger than half the image', () => {
        const mnist = { ...grid, kind: 'mnist' as const, height: 28, width: 28, flipSafe: false };
        expect(augmentWarnings(mnist, { crop: 4, flip: true })).toEqual([expect.stringMatching(/flips do not suit mnist/)]);
        expect(augmentWarnings(mnist, { crop: 4, flip: false })).toEqual([]);
        expect(augmentWarnings({ ...mnist, flipSafe: true }, { crop: 14, flip: true })).toEqual([expect.stringMatching(/crop padding of 14 pixels/)]);
    });
});

describe('normalisation', () => {
    it('measures per-channel mean and std of pixel / 255 on the given subset only', () => {
        // Two 1x2 images with 2 channels; channel 0 takes 0, 255, 51, 204; channel 1 is constant 102.
        const values = [[0, 102, 255, 102], [51, 102, 204, 102], [255, 255, 255, 255]];
        const data = memoryDataset(3, 1, 2, 2, (i, k) => values[i]![k]!);
        const norm = computeNormalization({ data, indices: Int32Array.from([0, 1]) });
        expect(norm.mean[0]).toBeCloseTo(0.5, 12);
        expect(norm.mean[1]).toBeCloseTo(0.4, 12);
        const expectedStd = Math.sqrt((0.25 + 0.25 + 0.09 + 0.09) / 4);
        expect(norm.std[0]).toBeCloseTo(expectedStd, 12);
        expect(norm.std[1]).toBe(1);
        expect(computeNormalization(wholeSubset(data)).mean[0]).toBeCloseTo(4 / 6, 12);
    });

    it('refuses statistics for another channel count', () => {
        expect(() => normalizationTable({ mean: [0.5], std: [0.2] }, 3)).toThrow(/1 means and 1 stds for 3 channels/);
    });
});
