/** How many networks a search retrains at once (the retraining itself is tested in pipeline.test.ts). */
import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { retrainParallelism, wantedParallelism } from '../../src/engine/train/retrain-queue.js';

describe('wantedParallelism', () => {
    test("'auto' is twice the cores of this machine, a number is kept, and a run from before the setting retrains one at a time", () => {
        expect(wantedParallelism('auto')).toBe(2 * availableParallelism());
        expect(wantedParallelism(3)).toBe(3);
        expect(wantedParallelism(undefined)).toBe(1);
    });
});

describe('retrainParallelism', () => {
    test('on wasm and cpu: as many as asked, whatever is left to retrain (a resumed run keeps its way)', () => {
        expect(retrainParallelism('wasm', 2)).toBe(2);
        expect(retrainParallelism('cpu', 8)).toBe(8);
        expect(retrainParallelism('wasm', 1)).toBe(1);
    });

    test('on libtensorflow and WebGPU: one at a time, since one network already uses the whole device', () => {
        for (const backend of ['tensorflow', 'tensorflow-gpu', 'webgpu'] as const) expect(retrainParallelism(backend, 4)).toBe(1);
    });

    test('rejects a count that is not a positive integer', () => {
        expect(() => retrainParallelism('wasm', 0)).toThrow('parallel must be a positive integer, got 0');
        expect(() => retrainParallelism('wasm', 1.5)).toThrow(RangeError);
    });
});
