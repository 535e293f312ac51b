/**
 * MNIST and Fashion-MNIST in the IDX format of the original distributions
 * (yann.lecun.com/exdb/mnist, github.com/zalandoresearch/fashion-mnist): big-endian headers,
 * images `magic 0x00000803, count, rows, cols` then count*rows*cols bytes row-major,
 * labels `magic 0x00000801, count` then count bytes. Files may be gzip-compressed.
 */
import { basename } from 'node:path';
import type { DatasetKind } from '../space/space.js';
import { DataError, FASHION_MNIST_CLASSES, MNIST_CLASSES, wholeSubset, type DataPools, type Dataset } from './dataset.js';
import { findFile, readBytes } from './files.js';

const IMAGE_MAGIC = 0x00000803;
const LABEL_MAGIC = 0x00000801;
const SIZE = 28;
const CLASSES = 10;

export const IMAGES_EXPECTED = `an IDX3 file (magic 0x00000803) of ${SIZE}x${SIZE} images`;
export const LABELS_EXPECTED = `an IDX1 file (magic 0x00000801) of labels 0-${CLASSES - 1}`;

/** images: [count, 28, 28] row-major, a view into `bytes`. */
export function parseIdxImages(bytes: Uint8Array, file: string): { count: number; images: Uint8Array } {
    if (bytes.length < 16) throw new DataError(file, IMAGES_EXPECTED, `${bytes.length} bytes`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const magic = view.getUint32(0);
    if (magic !== IMAGE_MAGIC) throw new DataError(file, IMAGES_EXPECTED, `magic ${hex(magic)}`);
    const count = view.getUint32(4);
    const rows = view.getUint32(8);
    const cols = view.getUint32(12);
    if (rows !== SIZE || cols !== SIZE) throw new DataError(file, IMAGES_EXPECTED, `${rows}x${cols} images`);
    const expectedBytes = 16 + count * SIZE * SIZE;
    if (bytes.length !== expectedBytes) {
        throw new DataError(file, IMAGES_EXPECTED,
            `${bytes.length} bytes where its header announces ${count} images (${expectedBytes} bytes)`);
    }
    return { count, images: bytes.subarray(16) };
}

/** labels: [count], each checked to be a class index. */
export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
    if (bytes.length < 8) throw new DataError(file, LABELS_EXPECTED, `${bytes.length} bytes`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const magic = view.getUint32(0);
    if (magic !== LABEL_MAGIC) throw new DataError(file, LABELS_EXPECTED, `magic ${hex(magic)}`);
    const count = view.getUint32(4);
    if (bytes.length !== 8 + count) {
        throw new DataError(file, LABELS_EXPECTED,
            `${bytes.length} bytes where its header announces ${count} labels (${8 + count} bytes)`);
    }
    const labels = bytes.subarray(8);
    const bad = labels.findIndex((label) => label >= CLASSES);
    if (bad >= 0) throw new DataError(file, LABELS_EXPECTED, `label ${labels[bad]} at index ${bad}`);
    return labels;
}

/** Loads `train-*` as the training pool and `t10k-*` as the test pool from `dir`. */
export async function loadIdxPools(kind: Extract<DatasetKind, 'mnist' | 'fashion-mnist'>, dir: string): Promise<DataPools> {
    const train = await loadIdxPair(kind, dir, 'train');
    const test = await loadIdxPair(kind, dir, 't10k');
    return { train: wholeSubset(train), test: wholeSubset(test) };
}

async function loadIdxPair(kind: 'mnist' | 'fashion-mnist', dir: string, prefix: string): Promise<Dataset> {
    const imagesFile = await findFile(dir, candidates(`${prefix}-images`, 'idx3'), IMAGES_EXPECTED);
    const labelsFile = await findFile(dir, candidates(`${prefix}-labels`, 'idx1'), LABELS_EXPECTED);
    const { count, images } = parseIdxImages(await readBytes(imagesFile, IMAGES_EXPECTED), imagesFile);
    const labels = parseIdxLabels(await readBytes(labelsFile, LABELS_EXPECTED), labelsFile);
    if (labels.length !== count) {
        throw new DataError(labelsFile, `${count} labels, one per image of ${basename(imagesFile)}`, `${labels.length} labels`);
    }
    return {
        kind, images, labels, count, height: SIZE, width: SIZE, channels: 1, classes: CLASSES,
        classNames: kind === 'mnist' ? MNIST_CLASSES : FASHION_MNIST_CLASSES,
        flipSafe: kind !== 'mnist',
        origin: [imagesFile, labelsFile],
    };
}

/** The official names, the `.`-separated variant some mirrors use, and both gzipped. */
function candidates(stem: string, format: string): string[] {
    const names = [`${stem}-${format}-ubyte`, `${stem}.${format}-ubyte`];
    return [...names, ...names.map((name) => `${name}.gz`)];
}

function hex(value: number): string {
    return `0x${value.toString(16).padStart(8, '0')}`;
}
