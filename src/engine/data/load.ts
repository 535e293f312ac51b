/** From a DataSpec to the training and test pools, whatever the format on disk. */
import type { DataSpec } from '../space/space.js';
import { loadCifarPools } from './cifar.js';
import { DataError, type DataPools } from './dataset.js';
import { loadPackagedFashionMnist, type CacheStatus } from './fashion-package.js';
import { resolveDataDir } from './files.js';
import { loadIdxPools } from './idx.js';

export interface LoadOptions {
    /** The folder of the .smash file; a relative `DataSpec.path` is resolved against it. */
    baseDir: string;
    /** Where the packaged Fashion-MNIST keeps its decoded copy (see fashion-package.ts). */
    cacheDir?: string;
    /** The fashion-mnist package folder, when it is not resolvable by Node. */
    packageDir?: string;
}

export interface LoadedData {
    pools: DataPools;
    /** Only for the packaged Fashion-MNIST: whether its cache was used. */
    cache?: CacheStatus;
}

const IDX_DIR = 'a directory with the IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, '
    + 't10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)';
const DIRS = {
    'mnist': IDX_DIR,
    'fashion-mnist': IDX_DIR,
    'cifar10': 'a directory with the CIFAR-10 binary files data_batch_1.bin to data_batch_5.bin and test_batch.bin',
    'cifar100': 'a directory with the CIFAR-100 binary files train.bin and test.bin',
} as const;

export async function loadData(spec: DataSpec, options: LoadOptions): Promise<LoadedData> {
    if (spec.path === undefined) {
        if (spec.kind !== 'fashion-mnist') {
            throw new DataError(spec.at.uri, `a data path to ${DIRS[spec.kind]} (only Fashion-MNIST ships with SMASH)`, 'none');
        }
        const packaged = await loadPackagedFashionMnist(options);
        return { pools: packaged.pools, cache: packaged.cache };
    }
    const dir = await resolveDataDir(spec.path, options.baseDir, DIRS[spec.kind]);
    const pools = spec.kind === 'mnist' || spec.kind === 'fashion-mnist'
        ? await loadIdxPools(spec.kind, dir)
        : await loadCifarPools(spec.kind, dir);
    return { pools };
}
