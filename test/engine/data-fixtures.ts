/** Tiny dataset files and in-memory datasets for the data tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Dataset } from '../../src/engine/data/dataset.js';
import type { DataSpec } from '../../src/engine/space/space.js';

const dirs: string[] = [];

/** A fresh temporary directory, removed after the current test. */
export async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'smash-data-'));
    dirs.push(dir);
    return dir;
}

afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** An IDX3 image file: count images of rows x cols, pixel(i, p) at row-major position p of image i. */
export function idxImages(count: number, rows: number, cols: number, pixel: (i: number, p: number) => number): Buffer {
    const bytes = Buffer.alloc(16 + count * rows * cols);
    [0x803, count, rows, cols].forEach((value, k) => bytes.writeUInt32BE(value, 4 * k));
    for (let i = 0; i < count; i++) for (let p = 0; p < rows * cols; p++) bytes[16 + i * rows * cols + p] = pixel(i, p);
    return bytes;
}

export function idxLabels(labels: number[]): Buffer {
    const bytes = Buffer.alloc(8 + labels.length);
    bytes.writeUInt32BE(0x801, 0);
    bytes.writeUInt32BE(labels.length, 4);
    labels.forEach((label, i) => (bytes[8 + i] = label));
    return bytes;
}

/**
 * CIFAR records: labels(i) gives the label byte(s) of record i, pixel(i, channel, p) its value at
 * row-major position p of that channel's plane.
 */
export function cifarRecords(count: number, labels: (i: number) => number[],
    pixel: (i: number, channel: number, p: number) => number): Buffer {
    const labelBytes = labels(0).length;
    const length = labelBytes + 3072;
    const bytes = Buffer.alloc(count * length);
    for (let i = 0; i < count; i++) {
        labels(i).forEach((label, b) => (bytes[i * length + b] = label));
        for (let c = 0; c < 3; c++) {
            for (let p = 0; p < 1024; p++) bytes[i * length + labelBytes + c * 1024 + p] = pixel(i, c, p);
        }
    }
    return bytes;
}

/** count images of height x width x channels; pixel(i, k) is the value at NHWC offset k of image i. */
export function memoryDataset(count: number, height: number, width: number, channels: number,
    pixel: (i: number, k: number) => number, classes = 10): Dataset {
    const size = height * width * channels;
    const images = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) for (let k = 0; k < size; k++) images[i * size + k] = pixel(i, k);
    return {
        kind: 'cifar10', images, labels: Uint8Array.from({ length: count }, (_, i) => i % classes), count,
        height, width, channels, classes, flipSafe: true, origin: ['memory'],
    };
}

export function dataSpec(fields: Partial<DataSpec>): DataSpec {
    const zero = { line: 0, character: 0 };
    return { kind: 'fashion-mnist', validation: 0, at: { uri: 'file:///space.smash', range: { start: zero, end: zero } }, ...fields };
}

/** The DataError (or other error) a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        return error as Error;
    }
    throw new Error('expected the promise to reject');
}
