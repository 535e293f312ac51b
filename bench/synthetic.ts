/**
 * Synthetic images for timing: uniform random pixels of the space's input shape, seeded, so the
 * benchmark needs no dataset on disk. Speed does not depend on the pixel values.
 */
import type { Dataset, Subset } from '../src/engine/data/dataset.js';
import type { DataSplit } from '../src/engine/data/split.js';
import { Random } from '../src/engine/random.js';
import type { SearchSpace } from '../src/engine/space/space.js';

export function syntheticSubset(space: SearchSpace, count: number, seed: string): Subset {
    const { height, width, channels } = space.input;
    const random = new Random(seed);
    const images = new Uint8Array(count * height * width * channels);
    for (let i = 0; i < images.length; i++) images[i] = random.int(256);
    const labels = Uint8Array.from({ length: count }, () => random.int(space.classes));
    const data: Dataset = {
        kind: space.data.kind, images, labels, count, height, width, channels, classes: space.classes,
        flipSafe: true, origin: ['synthetic'],
    };
    return { data, indices: Int32Array.from({ length: count }, (_, i) => i) };
}

/** A split whose three parts are the same synthetic subset (scoring only reads `validation`). */
export function syntheticSplit(subset: Subset): DataSplit {
    return { train: subset, validation: subset, test: subset };
}
