/**
 * The paper's standard augmentation, applied while an image is copied into a batch: zero-pad by
 * `crop` pixels, take a random crop of the original size (torchvision RandomCrop(size, padding)),
 * then mirror left-right with probability 1/2 (RandomHorizontalFlip). Padding is pixel value 0,
 * padded before normalisation as in torchvision, so it becomes (0 - mean) / std.
 */
import type { AugmentSpec } from '../space/space.js';
import type { Random } from '../random.js';
import type { Dataset } from './dataset.js';

/**
 * Where the crop window sits: output pixel (y, x) shows source pixel (y + dy, x' + dx), where
 * x' = width - 1 - x when flipped, else x. dy, dx are in [-crop, crop]; (0, 0) is the identity.
 */
export interface Placement {
    dy: number;
    dx: number;
    flip: boolean;
}

export const IDENTITY: Placement = { dy: 0, dx: 0, flip: false };

/** Draws dy, then dx (only when crop > 0), then the flip (only when flip is on). */
export function drawPlacement(random: Random, augment: AugmentSpec): Placement {
    const dy = augment.crop > 0 ? random.intBetween(-augment.crop, augment.crop) : 0;
    const dx = augment.crop > 0 ? random.intBetween(-augment.crop, augment.crop) : 0;
    const flip = augment.flip ? random.bernoulli(0.5) : false;
    return { dy, dx, flip };
}

/**
 * Writes image `index` of `data`, placed and normalised, at `out[offset ..]` as [height, width,
 * channels]. table: [channels, 256] from normalizationTable.
 */
export function writeImage(out: Float32Array, offset: number, data: Dataset, index: number,
    table: Float32Array, placement: Placement): void {
    const { images, height, width, channels } = data;
    const { dy, dx, flip } = placement;
    const start = index * height * width * channels;
    let o = offset;
    for (let y = 0; y < height; y++) {
        const sy = y + dy;
        for (let x = 0; x < width; x++) {
            const sx = (flip ? width - 1 - x : x) + dx;
            const inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
            const from = start + (sy * width + sx) * channels;
            for (let c = 0; c < channels; c++) out[o++] = table[c * 256 + (inside ? images[from + c]! : 0)]!;
        }
    }
}

/** Advice on an augmentation that does not suit the data; empty when it does. */
export function augmentWarnings(data: Dataset, augment: AugmentSpec): string[] {
    const warnings: string[] = [];
    if (augment.flip && !data.flipSafe) {
        warnings.push(`horizontal flips do not suit ${data.kind}: a mirrored image is not a member of its class `
            + '(a mirrored 2, 3 or 7 is not a digit); consider turning flip off');
    }
    if (2 * augment.crop >= Math.min(data.height, data.width)) {
        warnings.push(`a crop padding of ${augment.crop} pixels can shift most of a ${data.height}x${data.width} image out of view`);
    }
    return warnings;
}
