import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { smash } from '../support/cli.js';
import { examples, mutation } from '../support/mutations.js';

const broken = readFileSync('examples/fashion-tiny.smash', 'utf8').replace('ops basic, wide', 'ops basic, nope');

function tempFile(name: string, text: string | Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), 'smash-cli-'));
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
}

describe('smash check', () => {
    test('the examples check clean and exit 0', () => {
        const r = smash(['check', 'examples/fashion-tiny.smash', 'examples/smash-v1-cifar10.smash', 'examples/smash-v2-cifar10.smash']);
        expect(r.stderr).toBe('');
        expect(r.stdout.split('\n').filter((l) => / error: /.test(l))).toEqual([]);
        expect(r.status).toBe(0);
    });

    test('an error prints path:line:col: error: message and exits 1', () => {
        const file = tempFile('broken.smash', broken);
        const r = smash(['check', file]);
        expect(r.status).toBe(1);
        const line = broken.split('\n').findIndex((l) => l.includes('nope')) + 1;
        const column = broken.split('\n')[line - 1]!.indexOf('nope') + 1;
        expect(r.stdout).toContain(`${file}:${line}:${column}: error: `);
        expect(r.stdout).toMatch(/nope/);
    });

    test('--json gives machine-readable records with 1-based positions', () => {
        const file = tempFile('broken.smash', broken);
        const r = smash(['check', '--json', file]);
        expect(r.status).toBe(1);
        const records = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
        expect(records.length).toBeGreaterThan(0);
        expect(records[0]).toMatchObject({ file, severity: 'error' });
        expect(records[0]!.line).toBeGreaterThanOrEqual(1);
        expect(records[0]!.column).toBeGreaterThanOrEqual(1);
    });

    test('usage errors exit 2 without a stack trace', () => {
        for (const args of [[], ['check'], ['frobnicate'], ['check', '--nope', 'x.smash'], ['check', 'does-not-exist.smash']]) {
            const r = smash(args);
            expect(r.status, args.join(' ')).toBe(2);
            expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
        }
    });

    test('binary junk gives one error, not a crash', () => {
        const file = tempFile('junk.smash', Buffer.from([0, 255, 254, 10, 123, 125, 0, 1, 2, 3]));
        const r = smash(['check', file]);
        expect(r.status).toBe(1);
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(`${file}:1:1: error: this file is binary, not a .smash text file [smash/file-binary]\n`);
    });

    test('a UTF-16 file gives one error that says how to fix it', () => {
        const text = readFileSync('examples/fashion-tiny.smash', 'utf8');
        const file = tempFile('utf16.smash', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
        const r = smash(['check', file]);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe(`${file}:1:1: error: this file is UTF-16; save it as UTF-8 [smash/file-utf16]\n`);
    });

    test('a misspelt knob and an unknown dataset are one line each', () => {
        const file = tempFile('typos.smash', broken.replace('ops basic, nope', 'ops basic, wide').replace('kernel {3}', 'kernels {3}')
            .replace('data fashion-mnist', 'data imagenet'));
        const r = smash(['check', file]);
        expect(r.status).toBe(1);
        const lines = r.stdout.split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(2);
        expect(lines.join('\n')).toContain('unknown knob `kernels` in op `wide`; did you mean `kernel`? [smash/unknown-knob]');
        expect(lines.join('\n')).toContain('unknown dataset `imagenet`; use `fashion-mnist`, `mnist`, `cifar10` or `cifar100` [smash/unknown-dataset]');
    });
});

describe('smash check on mangled files', () => {
    test('survives every mutation: one well-formed line per problem, exit 0 or 1, no stack trace', () => {
        const samples = fc.sample(fc.tuple(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 })), { numRuns: 16, seed: 7 });
        const dir = mkdtempSync(join(tmpdir(), 'smash-mangled-'));
        const files = samples.map(([text, mutations], i) => {
            const file = join(dir, `m${i}.smash`);
            writeFileSync(file, mutations.reduce((t, m) => m(t), text));
            return file;
        });
        const r = smash(['check', ...files]);
        expect([0, 1]).toContain(r.status);
        expect(r.stderr).toBe('');
        for (const line of r.stdout.split('\n').filter((l) => l !== '')) {
            expect(line).toMatch(/^\/\S+\/m\d+\.smash:\d+:\d+: (error|warning): .+/);
        }
    });
});
