/**
 * The engine reads tensors only asynchronously: on the webgpu backend dataSync(), arraySync() and
 * bufferSync() throw for a GPU-resident tensor, so one of them on a training or scoring path would
 * break GPU runs that the CPU backends never notice. Comments may name them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SYNC_READ = /\.\s*(dataSync|arraySync|bufferSync)\s*\(/;

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** "file:line: code" for every synchronous read outside comments. */
export function syncReads(files: string[]): string[] {
    return files.flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line, i) => {
        const code = line.replace(/\/\/.*$/, '').trim();
        return code.startsWith('*') || code.startsWith('/*') || !SYNC_READ.test(code) ? [] : [`${file}:${i + 1}: ${code}`];
    }));
}

describe('asynchronous tensor reads', () => {
    it('src/engine has no dataSync, arraySync or bufferSync call', () => {
        const files = sourceFiles('src/engine');
        expect(files.length).toBeGreaterThan(30);
        expect(syncReads(files)).toEqual([]);
    });

    it('the check finds a synchronous read', () => {
        const probe = join(process.cwd(), 'test/engine/async-reads.test.ts');
        // This file's own SYNC_READ pattern and the call below make the check's positive case.
        expect(syncReads([probe]).some((l) => l.includes('t.dataSync()'))).toBe(true);
    });
});

// Never run: the positive case for the check above.
export const example = (t: { dataSync(): unknown }): unknown => t.dataSync();
