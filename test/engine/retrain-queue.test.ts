/** How many networks a search retrains at once (the retraining itself is tested in pipeline.test.ts). */
import { describe, expect, test } from 'vitest';
import { retrainParallelism } from '../../src/engine/train/retrain-queue.js';

describe('retrainParallelism', () => {
    test('on wasm and cpu: as many as asked, but no more than there are networks', () => {
        expect(retrainParallelism('wasm', 2, 3)).toBe(2);
        expect(retrainParallelism('cpu', 8, 3)).toBe(3);
        expect(retrainParallelism('wasm', 4, 0)).toBe(1);
    });

    test('on libtensorflow and WebGPU: one at a time, since one network already uses the whole device', () => {
        for (const backend of ['tensorflow', 'tensorflow-gpu', 'webgpu'] as const) expect(retrainParallelism(backend, 4, 3)).toBe(1);
    });

    test('rejects a count that is not a positive integer', () => {
        expect(() => retrainParallelism('wasm', 0, 3)).toThrow('parallel must be a positive integer, got 0');
        expect(() => retrainParallelism('wasm', 1.5, 3)).toThrow(RangeError);
    });
});
