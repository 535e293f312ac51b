/**
 * CIFAR-10 and CIFAR-100 in their "binary version" (cs.toronto.edu/~kriz/cifar.html). A record is
 * the label byte(s) then 3072 pixel bytes: the 1024 red values of the 32x32 image row-major, then
 * the green, then the blue plane (CHW). CIFAR-10: 1 label byte, files data_batch_1..5.bin and
 * test_batch.bin. CIFAR-100: a coarse then a fine label byte, files train.bin and test.bin; the fine
 * label (100 classes) is used, as in the paper.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CIFAR10_CLASSES, DataError, wholeSubset, type DataPools, type Dataset } from './dataset.js';
import { findFile, readBytes } from './files.js';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = 3 * PLANE;

interface CifarFormat {
    kind: 'cifar10' | 'cifar100';
    /** The folder the official archive unpacks to, tried when the files are not directly in `path`. */
    folder: string;
    trainFiles: string[];
    testFiles: string[];
    /** Label bytes before the pixels; the last one is the class. */
    labelBytes: number;
    /** Class count for each label byte. */
    labelRanges: number[];
    expected: string;
}

const CIFAR10: CifarFormat = {
    kind: 'cifar10',
    folder: 'cifar-10-batches-bin',
    trainFiles: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`),
    testFiles: ['test_batch.bin'],
    labelBytes: 1,
    labelRanges: [10],
    expected: `a CIFAR-10 binary batch (records of 1 label byte 0-9 + ${PIXELS} pixel bytes)`,
};

const CIFAR100: CifarFormat = {
    kind: 'cifar100',
    folder: 'cifar-100-binary',
    trainFiles: ['train.bin'],
    testFiles: ['test.bin'],
    labelBytes: 2,
    labelRanges: [20, 100],
    expected: `a CIFAR-100 binary file (records of a coarse label byte 0-19, a fine label byte 0-99 + ${PIXELS} pixel bytes)`,
};

export async function loadCifarPools(kind: 'cifar10' | 'cifar100', path: string): Promise<DataPools> {
    const format = kind === 'cifar10' ? CIFAR10 : CIFAR100;
    const dir = await cifarDir(path, format);
    const classNames = kind === 'cifar10' ? CIFAR10_CLASSES : await readClassNames(join(dir, 'fine_label_names.txt'), 100);
    const train = await loadRecords(format, dir, format.trainFiles, classNames);
    const test = await loadRecords(format, dir, format.testFiles, classNames);
    return { train: wholeSubset(train), test: wholeSubset(test) };
}

/**
 * Decodes whole records into `images` (NHWC) and `labels` from record `first` on.
 * bytes: [records, labelBytes + 3072], pixels CHW per record.
 */
function decodeCifar(format: CifarFormat, bytes: Uint8Array, file: string,
    images: Uint8Array, labels: Uint8Array, first: number): void {
    const { labelBytes, labelRanges, expected } = format;
    const recordLength = labelBytes + PIXELS;
    const records = bytes.length / recordLength;
    for (let r = 0; r < records; r++) {
        const at = r * recordLength;
        for (let b = 0; b < labelBytes; b++) {
            if (bytes[at + b]! >= labelRanges[b]!) {
                throw new DataError(file, expected, `label byte ${bytes[at + b]} in record ${r} (bytes ${at}-${at + recordLength - 1})`);
            }
        }
        labels[first + r] = bytes[at + labelBytes - 1]!;
        const src = at + labelBytes;
        const dst = (first + r) * PIXELS;
        for (let p = 0; p < PLANE; p++) {
            images[dst + 3 * p] = bytes[src + p]!;
            images[dst + 3 * p + 1] = bytes[src + PLANE + p]!;
            images[dst + 3 * p + 2] = bytes[src + 2 * PLANE + p]!;
        }
    }
}

async function loadRecords(format: CifarFormat, dir: string, names: string[],
    classNames: readonly string[] | undefined): Promise<Dataset> {
    const recordLength = format.labelBytes + PIXELS;
    const files: { file: string; bytes: Uint8Array }[] = [];
    for (const name of names) {
        const file = await findFile(dir, [name], format.expected);
        const bytes = await readBytes(file, format.expected);
        if (bytes.length === 0 || bytes.length % recordLength !== 0) {
            const records = Math.floor(bytes.length / recordLength);
            throw new DataError(file, format.expected,
                `${bytes.length} bytes, which is not a whole number of ${recordLength}-byte records (${records} records + ${bytes.length % recordLength} bytes)`);
        }
        files.push({ file, bytes });
    }
    const count = files.reduce((sum, { bytes }) => sum + bytes.length / recordLength, 0);
    const images = new Uint8Array(count * PIXELS);
    const labels = new Uint8Array(count);
    let first = 0;
    for (const { file, bytes } of files) {
        decodeCifar(format, bytes, file, images, labels, first);
        first += bytes.length / recordLength;
    }
    return {
        kind: format.kind, images, labels, count, height: SIDE, width: SIDE, channels: 3,
        classes: format.labelRanges[format.labelRanges.length - 1]!,
        ...(classNames ? { classNames } : {}),
        flipSafe: true,
        origin: files.map(({ file }) => file),
    };
}

/** `path` itself when it holds the first training file, else the archive's folder inside it. */
async function cifarDir(path: string, format: CifarFormat): Promise<string> {
    const first = format.trainFiles[0]!;
    if (await isFile(join(path, first))) return path;
    const nested = join(path, format.folder);
    if (await isFile(join(nested, first))) return nested;
    throw new DataError(join(path, first), format.expected, `no such file (nor ${join(format.folder, first)})`);
}

/** One name per line, as in the archive's *_label_names.txt; absent or malformed: no names. */
async function readClassNames(file: string, classes: number): Promise<readonly string[] | undefined> {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const names = text?.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.length > 0);
    return names?.length === classes ? names : undefined;
}

async function isFile(file: string): Promise<boolean> {
    return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}
