/**
 * Writes that a killed process can never leave half-done: the data goes to a temporary file in the
 * same directory, is flushed to disk, and replaces the target with one rename (atomic on POSIX).
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(path: string, chunks: Uint8Array | string | Array<Uint8Array | string>): void {
    const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    const fd = openSync(temporary, 'w');
    try {
        for (const chunk of Array.isArray(chunks) ? chunks : [chunks]) {
            if (typeof chunk === 'string') writeSync(fd, chunk);
            else writeAll(fd, chunk);
        }
        fsyncSync(fd);
    } catch (error) {
        closeSync(fd);
        rmSync(temporary, { force: true });
        throw error;
    }
    closeSync(fd);
    renameSync(temporary, path);
    syncDirectory(dirname(path));
}

export function writeJsonAtomic(path: string, value: unknown): void {
    writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

function writeAll(fd: number, data: Uint8Array): void {
    let offset = 0;
    while (offset < data.byteLength) offset += writeSync(fd, data, offset, data.byteLength - offset);
}

/** Makes the rename itself durable; not every file system allows opening a directory, which is fine. */
function syncDirectory(directory: string): void {
    let fd: number | undefined;
    try {
        fd = openSync(directory, 'r');
        fsyncSync(fd);
    } catch {
        // Best effort: the rename is already atomic, only its durability across a power cut is at stake.
    } finally {
        if (fd !== undefined) closeSync(fd);
    }
}
