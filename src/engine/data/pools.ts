/**
 * Images in the standard training and test files of each dataset: what a split draws its training
 * and validation images from, and its test images. The checker, the benchmark's scaling and the
 * run's size overrides all hold requests to these.
 */
import type { DatasetKind } from '../space/space.js';

export const DATASET_POOLS: Readonly<Record<DatasetKind, { readonly train: number; readonly test: number }>> = {
    'fashion-mnist': { train: 60_000, test: 10_000 },
    mnist: { train: 60_000, test: 10_000 },
    cifar10: { train: 50_000, test: 10_000 },
    cifar100: { train: 50_000, test: 10_000 },
};
