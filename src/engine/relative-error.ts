/**
 * How far values are from a reference, on the reference's scale: max |actual - expected| /
 * max |expected|. One figure per tensor, as gpu-check reports it and the tests that compare
 * backends and exported models bound it. An all-zero reference gives the absolute difference.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
    if (actual.length !== expected.length) throw new RangeError(`maxRelativeError: ${actual.length} values against ${expected.length}`);
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < expected.length; i++) {
        diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
        scale = Math.max(scale, Math.abs(expected[i]!));
    }
    return scale === 0 ? diff : diff / scale;
}
