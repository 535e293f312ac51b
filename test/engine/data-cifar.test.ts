import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/engine/data/dataset.js';
import { loadData } from '../../src/engine/data/load.js';
import { cifarRecords, dataSpec, rejection, tempDir } from './data-fixtures.js';

const pixel = (i: number, channel: number, p: number): number => (i * 7 + channel * 50 + p) % 256;

/** CIFAR-10 with 2 records per training batch (record r of batch b is image 2(b-1)+r) and 3 test records. */
async function writeCifar10(folder = ''): Promise<string> {
    const base = await tempDir();
    const dir = join(base, 'c10', folder);
    await mkdir(dir, { recursive: true });
    for (let b = 1; b <= 5; b++) {
        await writeFile(join(dir, `data_batch_${b}.bin`),
            cifarRecords(2, (r) => [(2 * (b - 1) + r) % 10], (r, c, p) => pixel(2 * (b - 1) + r, c, p)));
    }
    await writeFile(join(dir, 'test_batch.bin'), cifarRecords(3, (r) => [9 - r], (r, c, p) => pixel(100 + r, c, p)));
    return base;
}

async function writeCifar100(names?: string[]): Promise<string> {
    const base = await tempDir();
    const dir = join(base, 'c100');
    await mkdir(dir);
    await writeFile(join(dir, 'train.bin'), cifarRecords(4, (i) => [i % 20, 90 + i], pixel));
    await writeFile(join(dir, 'test.bin'), cifarRecords(2, (i) => [19, 99 - i], (i, c, p) => pixel(50 + i, c, p)));
    if (names) await writeFile(join(dir, 'fine_label_names.txt'), `${names.join('\n')}\n`);
    return base;
}

const load = (base: string, kind: 'cifar10' | 'cifar100', path: string) => loadData(dataSpec({ kind, path }), { baseDir: base });

describe('CIFAR loader', () => {
    it('loads CIFAR-10 batches in order and converts CHW records to NHWC', async () => {
        for (const folder of ['', 'cifar-10-batches-bin']) {
            const { pools } = await load(await writeCifar10(folder), 'cifar10', 'c10');
            const train = pools.train.data;
            expect([train.count, train.height, train.width, train.channels, train.classes]).toEqual([10, 32, 32, 3, 10]);
            expect(Array.from(train.labels)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
            for (const [i, c, p] of [[0, 0, 0], [3, 1, 33], [7, 2, 1023], [9, 0, 512]] as const) {
                expect(train.images[(i * 1024 + p) * 3 + c]).toBe(pixel(i, c, p));
            }
            expect(Array.from(pools.test.data.labels)).toEqual([9, 8, 7]);
            expect(pools.test.data.images[(2 * 1024 + 5) * 3 + 2]).toBe(pixel(102, 2, 5));
            expect(train.classNames?.[0]).toBe('airplane');
            expect(train.flipSafe).toBe(true);
            expect(train.origin).toHaveLength(5);
        }
    });

    it('loads CIFAR-100 fine labels, with class names when the archive has them', async () => {
        const names = Array.from({ length: 100 }, (_, i) => `class${i}`);
        const { pools } = await load(await writeCifar100(names), 'cifar100', 'c100');
        expect(pools.train.data.classes).toBe(100);
        expect(Array.from(pools.train.data.labels)).toEqual([90, 91, 92, 93]);
        expect(Array.from(pools.test.data.labels)).toEqual([99, 98]);
        expect(pools.train.data.images[(1 * 1024 + 40) * 3 + 1]).toBe(pixel(1, 1, 40));
        expect(pools.train.data.classNames?.[93]).toBe('class93');
        const unnamed = await load(await writeCifar100(), 'cifar100', 'c100');
        expect(unnamed.pools.train.data.classNames).toBeUndefined();
    });

    const corruptions: [string, () => Buffer, RegExp][] = [
        ['a record length off by one', () => Buffer.alloc(2 * 3073 + 1), /found 6147 bytes, which is not a whole number of 3073-byte records \(2 records \+ 1 bytes\)$/],
        ['an empty file', () => Buffer.alloc(0), /found 0 bytes/],
        ['CIFAR-100 records', () => cifarRecords(2, () => [1, 2], pixel), /found 6148 bytes/],
        ['a label out of range', () => cifarRecords(2, (i) => [i === 1 ? 10 : 0], pixel), /found label byte 10 in record 1 \(bytes 3073-6145\)$/],
    ];
    for (const [what, bytes, found] of corruptions) {
        it(`rejects a CIFAR-10 batch with ${what}`, async () => {
            const base = await writeCifar10();
            const file = join(base, 'c10', 'data_batch_3.bin');
            await writeFile(file, bytes());
            const error = await rejection(load(base, 'cifar10', 'c10'));
            expect(error).toBeInstanceOf(DataError);
            expect((error as DataError).file).toBe(file);
            expect((error as DataError).expected).toMatch(/^a CIFAR-10 binary batch/);
            expect(error.message).toMatch(found);
        });
    }

    it('rejects CIFAR-100 labels out of range and names missing files', async () => {
        const base = await writeCifar100();
        const file = join(base, 'c100', 'test.bin');
        await writeFile(file, cifarRecords(1, () => [20, 5], pixel));
        const coarse = await rejection(load(base, 'cifar100', 'c100'));
        expect((coarse as DataError).file).toBe(file);
        expect(coarse.message).toMatch(/coarse label byte 0-19.*found label byte 20 in record 0/);

        await rm(file);
        const missing = await rejection(load(base, 'cifar100', 'c100'));
        expect((missing as DataError).file).toBe(file);
        expect(missing.message).toMatch(/found no such file$/);

        const empty = await tempDir();
        await mkdir(join(empty, 'c10'));
        const noFiles = await rejection(load(empty, 'cifar10', 'c10'));
        expect((noFiles as DataError).file).toBe(join(empty, 'c10', 'data_batch_1.bin'));
        expect(noFiles.message).toMatch(/no such file \(nor cifar-10-batches-bin\/data_batch_1\.bin\)$/);
    });
});
