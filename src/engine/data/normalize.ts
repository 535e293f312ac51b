/**
 * Per-channel normalisation x = (pixel / 255 - mean[c]) / std[c], with mean and std measured on the
 * training subset once and then stored with the run, so that validation, test and retraining use
 * the training statistics (as the paper's code does with fixed CIFAR constants).
 */
import type { Subset } from './dataset.js';

export interface Normalization {
    /** mean[c] of pixel / 255 over the training images. */
    mean: number[];
    /** Population standard deviation[c] of pixel / 255; 1 for a constant channel. */
    std: number[];
}

export function computeNormalization(subset: Subset): Normalization {
    const { images, height, width, channels } = subset.data;
    const pixels = height * width;
    const sum = new Float64Array(channels);
    const squares = new Float64Array(channels);
    // Counting pixel values keeps the sums exact however many images there are.
    const histogram = new Float64Array(channels * 256);
    for (const index of subset.indices) {
        const end = (index + 1) * pixels * channels;
        for (let p = index * pixels * channels; p < end; p += channels) {
            for (let c = 0; c < channels; c++) histogram[c * 256 + images[p + c]!]!++;
        }
    }
    const n = subset.indices.length * pixels;
    for (let c = 0; c < channels; c++) {
        for (let v = 0; v < 256; v++) {
            const count = histogram[c * 256 + v]!;
            sum[c]! += count * (v / 255);
            squares[c]! += count * (v / 255) ** 2;
        }
    }
    const mean = Array.from(sum, (s) => (n > 0 ? s / n : 0));
    const std = Array.from(squares, (q, c) => {
        const variance = n > 0 ? q / n - mean[c]! ** 2 : 0;
        return variance > 1e-12 ? Math.sqrt(variance) : 1;
    });
    return { mean, std };
}

/** table: [channels, 256], the normalised value of every pixel value per channel. */
export function normalizationTable(norm: Normalization, channels: number): Float32Array {
    if (norm.mean.length !== channels || norm.std.length !== channels) {
        throw new RangeError(`normalisation has ${norm.mean.length} means and ${norm.std.length} stds for ${channels} channels`);
    }
    const table = new Float32Array(channels * 256);
    for (let c = 0; c < channels; c++) {
        for (let v = 0; v < 256; v++) table[c * 256 + v] = (v / 255 - norm.mean[c]!) / norm.std[c]!;
    }
    return table;
}
