/**
 * Checkpoints: named float32 arrays (weights, optimizer moments, BN statistics) plus JSON metadata
 * (step, epoch, PRNG positions), in one file written atomically, so a run killed at any moment
 * resumes from its last complete checkpoint.
 *
 * Layout: "SMASHCK1" | u32 LE header length | header JSON | zero padding to 4 bytes | float32 LE data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic.js';

export interface NamedArray {
    shape: number[];
    data: Float32Array;
}

export interface Checkpoint<Meta> {
    meta: Meta;
    arrays: Record<string, NamedArray>;
}

interface Header<Meta> {
    meta: Meta;
    arrays: Array<{ name: string; shape: number[]; offset: number; length: number }>;
}

const MAGIC = 'SMASHCK1';

export class CheckpointError extends Error {
    constructor(readonly path: string, reason: string) {
        super(`${path}: not a usable checkpoint (${reason}); delete it to start this phase again`);
    }
}

export function saveCheckpoint<Meta>(path: string, checkpoint: Checkpoint<Meta>): void {
    const arrays: Header<Meta>['arrays'] = [];
    let offset = 0;
    for (const [name, { shape, data }] of Object.entries(checkpoint.arrays)) {
        arrays.push({ name, shape, offset, length: data.length });
        offset += data.length;
    }
    const header = Buffer.from(JSON.stringify({ meta: checkpoint.meta, arrays } satisfies Header<Meta>), 'utf8');
    const prefix = Buffer.alloc(MAGIC.length + 4);
    prefix.write(MAGIC, 0, 'latin1');
    prefix.writeUInt32LE(header.length, MAGIC.length);
    const padding = Buffer.alloc((4 - ((prefix.length + header.length) % 4)) % 4);
    const chunks: Uint8Array[] = [prefix, header, padding];
    for (const { data } of Object.values(checkpoint.arrays)) {
        chunks.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    }
    writeFileAtomic(path, chunks);
}

export function loadCheckpoint<Meta>(path: string): Checkpoint<Meta> | undefined {
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) {
        throw new CheckpointError(path, 'wrong magic number');
    }
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    const headerStart = MAGIC.length + 4;
    if (headerStart + headerLength > bytes.length) throw new CheckpointError(path, 'truncated header');
    let header: Header<Meta>;
    try {
        header = JSON.parse(bytes.toString('utf8', headerStart, headerStart + headerLength)) as Header<Meta>;
    } catch {
        throw new CheckpointError(path, 'unreadable header');
    }
    const dataStart = headerStart + headerLength + ((4 - ((headerStart + headerLength) % 4)) % 4);
    const floats = header.arrays.reduce((sum, a) => sum + a.length, 0);
    if (bytes.length !== dataStart + floats * 4) {
        throw new CheckpointError(path, `expected ${dataStart + floats * 4} bytes, found ${bytes.length}`);
    }
    // Copy out so that the arrays are aligned and independent of the file buffer.
    const all = new Float32Array(floats);
    new Uint8Array(all.buffer).set(bytes.subarray(dataStart));
    const arrays: Record<string, NamedArray> = {};
    for (const a of header.arrays) arrays[a.name] = { shape: a.shape, data: all.subarray(a.offset, a.offset + a.length) };
    return { meta: header.meta, arrays };
}
