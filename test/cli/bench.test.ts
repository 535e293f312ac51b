/**
 * `smash bench correlation` as users run it: a tiny benchmark on real data writes its report where
 * --out says; bad sizes and names get a one-line message, never a stack trace.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { smash } from '../support/cli.js';
import { TINY_RUN } from '../support/spaces.js';

function workspace(): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'smash-bench-cli-'));
    const file = join(dir, 'tiny.smash');
    writeFileSync(file, TINY_RUN);
    return { dir, file };
}

const tiny = ['--candidates', '4', '--spread', '3', '--k', '1', '--smash-epochs', '1', '--retrain-epochs', '1',
    '--train', '64', '--validation', '32', '--test', '32', '--resamples', '50', '--backend', 'wasm', '--quiet'];

describe('smash bench correlation', () => {
    test('runs a tiny benchmark, prints the coefficients and writes the report with the notes', () => {
        const { dir, file } = workspace();
        writeFileSync(join(dir, 'notes.md'), '## What we tried\n\nNothing yet.\n');
        const r = smash(['bench', 'correlation', file, '--dir', join(dir, 'bench'), '--out', join(dir, 'results'), '--notes', join(dir, 'notes.md'), ...tiny]);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/SMASH score vs test error over 3: Spearman -?[\d.]+, Kendall -?[\d.]+/);
        expect(r.stdout).toMatch(/corrupted code: score -?[\d.]+ points worse on average/);
        const md = readFileSync(join(dir, 'results', 'correlation.md'), 'utf8');
        expect(md).toContain('K = 4, M = 3, k = 1');
        expect(md).toContain('Nothing yet.');
        const json = JSON.parse(readFileSync(join(dir, 'results', 'correlation.json'), 'utf8')) as { architectures: unknown[] };
        expect(json.architectures).toHaveLength(4);
        // Run again: everything is done already, so it only rewrites the report.
        const again = smash(['bench', 'correlation', file, '--dir', join(dir, 'bench'), '--out', join(dir, 'results'), ...tiny]);
        expect(again.status).toBe(0);
        expect(again.stdout.split('\n').find((l) => l.startsWith('SMASH score vs'))).toBe(r.stdout.split('\n').find((l) => l.startsWith('SMASH score vs')));
    }, 300_000);

    test.each([
        [['bench'], 2, /smash bench needs a benchmark name: correlation/],
        [['bench', 'correlation'], 2, /needs one space FILE/],
        [['bench', 'correlation', 'x.smash', '--spread', 'two'], 2, /--spread needs a whole number, got 'two'/],
        [['bench', 'correlation', 'x.smash', '--scale', '0.5'], 2, /--scale needs a number >= 1/],
        [['bench', 'correlation', 'x.smash', '--norm', 'weird'], 2, /--norm must be running, batch, recalibrate or recalibrate:N/],
    ])('%j: exit %i and a clear message', (args, status, message) => {
        const r = smash(args);
        expect(r.status).toBe(status);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    test('a spread larger than the pool is refused before anything runs', () => {
        const { dir, file } = workspace();
        const r = smash(['bench', 'correlation', file, '--dir', join(dir, 'bench'), '--candidates', '5', '--spread', '6', '--quiet']);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('smash: bench spread (M = 6) cannot exceed the scored candidates (K = 5)');
    });
});
