import { describe, expect, it } from 'vitest';
import { DataError, wholeSubset, type DataPools } from '../../src/engine/data/dataset.js';
import { splitData } from '../../src/engine/data/split.js';
import { memoryDataset } from './data-fixtures.js';

function pools(train = 100, test = 20): DataPools {
    const trainData = memoryDataset(train, 1, 1, 1, (i) => i % 256);
    const testData = { ...memoryDataset(test, 1, 1, 1, (i) => i % 256), origin: ['test.bin'] };
    return { train: wholeSubset({ ...trainData, origin: ['train.bin'] }), test: wholeSubset(testData) };
}

const list = (indices: Int32Array): number[] => Array.from(indices);

describe('train / validation / test split', () => {
    it('draws disjoint, sorted subsets of the requested sizes', () => {
        const split = splitData(pools(), { train: 50, validation: 30, test: 10 }, 7);
        expect([split.train, split.validation, split.test].map((s) => s.indices.length)).toEqual([50, 30, 10]);
        const train = new Set(list(split.train.indices));
        expect(list(split.validation.indices).filter((i) => train.has(i))).toEqual([]);
        for (const subset of [split.train, split.validation, split.test]) {
            expect(list(subset.indices)).toEqual(list(subset.indices).sort((a, b) => a - b));
        }
        expect(split.validation.data).toBe(split.train.data);
        expect(split.test.data.origin).toEqual(['test.bin']);
        expect(new Set(list(split.test.indices)).size).toBe(10);
    });

    it('is a function of the seed and the counts only', () => {
        const a = splitData(pools(), { train: 50, validation: 30, test: 10 }, 7);
        const b = splitData(pools(), { train: 50, validation: 30, test: 10 }, 7);
        const c = splitData(pools(), { train: 50, validation: 30, test: 10 }, 8);
        expect([a.train, a.validation, a.test].map((s) => list(s.indices))).toEqual([b.train, b.validation, b.test].map((s) => list(s.indices)));
        expect(list(c.validation.indices)).not.toEqual(list(a.validation.indices));
        expect(list(c.test.indices)).not.toEqual(list(a.test.indices));
        const moreTrain = splitData(pools(), { train: 70, validation: 30, test: 10 }, 7);
        expect(list(moreTrain.validation.indices)).toEqual(list(a.validation.indices));
        expect(list(moreTrain.train.indices)).toEqual(expect.arrayContaining(list(a.train.indices)));
    });

    it('uses everything left when train or test is absent', () => {
        const split = splitData(pools(), { validation: 30 }, 1);
        expect(split.train.indices.length).toBe(70);
        expect(list(split.test.indices)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        const union = new Set([...list(split.train.indices), ...list(split.validation.indices)]);
        expect(union.size).toBe(100);
    });

    it('names the files when the counts exceed them', () => {
        const attempts: [Parameters<typeof splitData>[1], string, RegExp][] = [
            [{ train: 80, validation: 30 }, 'train.bin', /at most 100 training \+ validation images .*, found a request for 80 training \+ 30 validation = 110$/],
            [{ validation: 100 }, 'train.bin', /found a request for 100 validation images and at least 1 for training$/],
            [{ train: 10, validation: 10, test: 21 }, 'test.bin', /expected at most 20 test images .*, found a request for 21$/],
        ];
        for (const [spec, file, message] of attempts) {
            let error: unknown;
            try {
                splitData(pools(), spec, 1);
            } catch (caught) {
                error = caught;
            }
            expect(error).toBeInstanceOf(DataError);
            expect((error as DataError).file).toBe(file);
            expect((error as DataError).message).toMatch(message);
        }
        expect(() => splitData(pools(), { train: 0, validation: 10 }, 1)).toThrow(/data.train must be an integer >= 1/);
        expect(() => splitData(pools(), { train: 10, validation: 2.5 }, 1)).toThrow(/data.validation must be an integer >= 0/);
    });
});
