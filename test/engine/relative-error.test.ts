/** The one comparison figure of gpu-check and the backend and export tests. */
import { describe, expect, test } from 'vitest';
import { maxRelativeError } from '../../src/engine/relative-error.js';

describe('maxRelativeError', () => {
    test('the largest difference on the scale of the largest reference value', () => {
        expect(maxRelativeError([1, 2.5, -4.2], [1, 2, -4])).toBeCloseTo(0.5 / 4, 12);
        expect(maxRelativeError(Float32Array.of(3, 3), Float32Array.of(3, 3))).toBe(0);
    });

    test('an all-zero reference gives the absolute difference; different lengths are an error', () => {
        expect(maxRelativeError([0.25, 0], [0, 0])).toBe(0.25);
        expect(() => maxRelativeError([1, 2], [1])).toThrow('2 values against 1');
    });
});
