import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/engine/data/dataset.js';
import { loadData } from '../../src/engine/data/load.js';
import { dataSpec, idxImages, idxLabels, rejection, tempDir } from './data-fixtures.js';

const trainPixel = (i: number, p: number): number => (i * 31 + p) % 256;
const testPixel = (i: number, p: number): number => (i * 17 + 2 * p + 5) % 256;
const trainLabels = [3, 1, 4, 1, 5];
const testLabels = [9, 0];

/** Writes a valid tiny MNIST directory `mnist` in a temp dir; returns the temp dir. */
async function writeMnist(options: { gzip?: boolean; dotted?: boolean } = {}): Promise<string> {
    const base = await tempDir();
    const dir = join(base, 'mnist');
    await mkdir(dir);
    const files: [string, Buffer][] = [
        ['train-images-idx3-ubyte', idxImages(trainLabels.length, 28, 28, trainPixel)],
        ['train-labels-idx1-ubyte', idxLabels(trainLabels)],
        ['t10k-images-idx3-ubyte', idxImages(testLabels.length, 28, 28, testPixel)],
        ['t10k-labels-idx1-ubyte', idxLabels(testLabels)],
    ];
    for (const [name, bytes] of files) {
        const named = options.dotted ? name.replace(/-(idx\d)/, '.$1') : name;
        await writeFile(join(dir, options.gzip ? `${named}.gz` : named), options.gzip ? gzipSync(bytes) : bytes);
    }
    return base;
}

async function loadMnist(base: string, kind: 'mnist' | 'fashion-mnist' = 'mnist') {
    return loadData(dataSpec({ kind, path: 'mnist' }), { baseDir: base });
}

describe('IDX loader', () => {
    it('loads train and t10k files from a path relative to the base directory', async () => {
        const base = await writeMnist();
        const { pools } = await loadMnist(base);
        const train = pools.train.data;
        expect([train.count, train.height, train.width, train.channels, train.classes]).toEqual([5, 28, 28, 1, 10]);
        expect(Array.from(pools.train.indices)).toEqual([0, 1, 2, 3, 4]);
        expect(Array.from(train.labels)).toEqual(trainLabels);
        for (const [i, p] of [[0, 0], [2, 300], [4, 783]] as const) expect(train.images[i * 784 + p]).toBe(trainPixel(i, p));
        expect(Array.from(pools.test.data.labels)).toEqual(testLabels);
        expect(pools.test.data.images[784 + 10]).toBe(testPixel(1, 10));
        expect(train.flipSafe).toBe(false);
        expect(train.classNames?.[7]).toBe('7');
        expect(train.origin).toEqual([join(base, 'mnist', 'train-images-idx3-ubyte'), join(base, 'mnist', 'train-labels-idx1-ubyte')]);
    });

    it('reads gzip-compressed and dot-named files, and marks Fashion-MNIST as flippable', async () => {
        for (const options of [{ gzip: true }, { dotted: true }, { gzip: true, dotted: true }]) {
            const { pools } = await loadMnist(await writeMnist(options), 'fashion-mnist');
            expect(Array.from(pools.train.data.labels)).toEqual(trainLabels);
            expect(pools.train.data.images[3 * 784 + 100]).toBe(trainPixel(3, 100));
            expect(pools.train.data.flipSafe).toBe(true);
            expect(pools.train.data.classNames?.[0]).toBe('T-shirt/top');
        }
    });

    it('names the file and the expected format in the message', async () => {
        const base = await writeMnist();
        const file = join(base, 'mnist', 'train-images-idx3-ubyte');
        await writeFile(file, Buffer.alloc(1234));
        const error = await rejection(loadMnist(base));
        expect(error).toBeInstanceOf(DataError);
        expect(error.message).toBe(`${file}: expected an IDX3 file (magic 0x00000803) of 28x28 images, found magic 0x00000000`);
    });

    const corruptions: [string, string, (bytes: Buffer) => Buffer, RegExp][] = [
        ['train-images-idx3-ubyte', 'too short for a header', () => Buffer.alloc(10), /found 10 bytes$/],
        ['train-images-idx3-ubyte', 'labels magic in an image file', (b) => (b.writeUInt32BE(0x801, 0), b), /found magic 0x00000801$/],
        ['train-images-idx3-ubyte', 'wrong image size', () => idxImages(5, 32, 32, trainPixel), /found 32x32 images$/],
        ['train-images-idx3-ubyte', 'truncated', (b) => b.subarray(0, b.length - 100), /found 3836 bytes where its header announces 5 images \(3936 bytes\)$/],
        ['train-images-idx3-ubyte', 'trailing bytes', (b) => Buffer.concat([b, Buffer.alloc(3)]), /found 3939 bytes/],
        ['t10k-labels-idx1-ubyte', 'image magic in a label file', (b) => (b.writeUInt32BE(0x803, 0), b), /found magic 0x00000803$/],
        ['train-labels-idx1-ubyte', 'a label out of range', () => idxLabels([3, 1, 12, 1, 5]), /found label 12 at index 2$/],
        ['train-labels-idx1-ubyte', 'truncated labels', (b) => b.subarray(0, 11), /found 11 bytes where its header announces 5 labels/],
        ['train-labels-idx1-ubyte', 'fewer labels than images', () => idxLabels([3, 1, 4]), /expected 5 labels, one per image of train-images-idx3-ubyte, found 3 labels$/],
    ];
    for (const [name, what, corrupt, found] of corruptions) {
        it(`rejects ${name} with ${what}`, async () => {
            const base = await writeMnist();
            const file = join(base, 'mnist', name);
            await writeFile(file, corrupt(await readFile(file)));
            const error = await rejection(loadMnist(base));
            expect(error).toBeInstanceOf(DataError);
            expect((error as DataError).file).toBe(file);
            expect((error as DataError).expected).toMatch(name.includes('images') ? /^an IDX3 file/ : /labels/);
            expect(error.message).toMatch(found);
        });
    }

    it('rejects a damaged gzip stream', async () => {
        const base = await writeMnist({ gzip: true });
        const file = join(base, 'mnist', 't10k-images-idx3-ubyte.gz');
        await writeFile(file, gzipSync(idxImages(2, 28, 28, testPixel)).subarray(0, 200));
        const error = await rejection(loadMnist(base));
        expect(error).toBeInstanceOf(DataError);
        expect((error as DataError).file).toBe(file);
        expect(error.message).toMatch(/gzip-compressed, found a damaged gzip stream \(unexpected end of file\)$/);
    });

    it('names a missing file, a missing directory and a missing path', async () => {
        const base = await writeMnist();
        await rm(join(base, 'mnist', 't10k-labels-idx1-ubyte'));
        const missing = await rejection(loadMnist(base));
        expect((missing as DataError).file).toBe(join(base, 'mnist', 't10k-labels-idx1-ubyte'));
        expect(missing.message).toMatch(/found no such file \(also looked for t10k-labels\.idx1-ubyte, .*\.gz\)$/);

        const noDir = await rejection(loadData(dataSpec({ kind: 'mnist', path: 'nowhere' }), { baseDir: base }));
        expect((noDir as DataError).file).toBe(join(base, 'nowhere'));
        expect(noDir.message).toMatch(/expected a directory with the IDX files .*, found no such directory$/);

        const noPath = await rejection(loadData(dataSpec({ kind: 'cifar10' }), { baseDir: base }));
        expect(noPath).toBeInstanceOf(DataError);
        expect((noPath as DataError).file).toBe('file:///space.smash');
        expect(noPath.message).toMatch(/only Fashion-MNIST ships with SMASH/);
    });
});
