/**
 * File access shared by the loaders: locating a dataset's directory and files, and reading a file
 * that may be gzip-compressed. Every failure becomes a DataError naming the path.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError } from './dataset.js';

const gunzipAsync = promisify(gunzip);

/** `path` from the .smash file, relative to that file's folder `baseDir` unless absolute. */
export async function resolveDataDir(path: string, baseDir: string, expected: string): Promise<string> {
    const dir = isAbsolute(path) ? path : resolve(baseDir, path);
    const info = await stat(dir).catch(() => undefined);
    if (!info) throw new DataError(dir, expected, 'no such directory');
    if (!info.isDirectory()) throw new DataError(dir, expected, 'a file, not a directory');
    return dir;
}

/** The first of `names` that exists in `dir`; the error names the first one and lists the rest. */
export async function findFile(dir: string, names: readonly string[], expected: string): Promise<string> {
    for (const name of names) {
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile()) return file;
    }
    const others = names.slice(1);
    const also = others.length > 0 ? ` (also looked for ${others.join(', ')})` : '';
    throw new DataError(join(dir, names[0]!), expected, `no such file${also}`);
}

/** The file's bytes (a plain Uint8Array), decompressed when they start with the gzip magic bytes 1f 8b. */
export async function readBytes(file: string, expected: string): Promise<Uint8Array> {
    let bytes: Buffer;
    try {
        bytes = await readFile(file);
    } catch (error) {
        throw new DataError(file, expected, `an unreadable file (${errorCode(error)})`);
    }
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return plain(bytes);
    try {
        return plain(await gunzipAsync(bytes));
    } catch (error) {
        throw new DataError(file, `${expected}, gzip-compressed`, `a damaged gzip stream (${errorText(error)})`);
    }
}

/** The same memory as a plain Uint8Array, so datasets never carry Buffer's extra behaviour. */
export function plain(bytes: Buffer): Uint8Array {
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function errorCode(error: unknown): string {
    return (error as NodeJS.ErrnoException | undefined)?.code ?? errorText(error);
}

function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
