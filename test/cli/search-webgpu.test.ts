/**
 * A whole search on `--backend webgpu`, here on a software adapter: training, ranking, retraining
 * and results, in its own process as a user runs it. The run names its adapter and says it is a
 * software one; `auto` never picks that adapter.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunResults } from '../../src/shared/protocol.js';
import { smash } from '../support/cli.js';
import { TINY_RUN } from '../support/spaces.js';
import { SOFTWARE_WEBGPU_ENV, WEBGPU_SETUP_HINT } from '../support/webgpu.js';

describe('smash search --backend webgpu', () => {
    test('runs to the end on a software adapter and says so; auto passes it over', () => {
        const dir = mkdtempSync(join(tmpdir(), 'smash-webgpu-'));
        const file = join(dir, 'tiny.smash');
        writeFileSync(file, TINY_RUN);
        const run = join(dir, 'run');
        const searched = smash(['search', file, '--run-dir', run, '--backend', 'webgpu'], { env: SOFTWARE_WEBGPU_ENV, timeout: 600_000 });
        expect(searched.stderr, WEBGPU_SETUP_HINT).not.toMatch(/Backend 'webgpu' cannot run/);
        expect(searched.status, searched.stderr).toBe(0);
        expect(searched.stdout).toMatch(/backend webgpu \(@tensorflow\/tfjs-backend-webgpu 4\.22\.0\) on .*Mesa.*software adapter/);
        const results = JSON.parse(readFileSync(join(run, 'results.json'), 'utf8')) as RunResults;
        expect(results.status).toBe('completed');
        expect(results.backend.name).toBe('webgpu');
        expect(results.backend.adapter?.isFallbackAdapter).toBe(true);
        expect(results.architectures.filter((a) => a.retrained !== undefined)).toHaveLength(2);
        for (const a of results.architectures) expect(Number.isFinite(a.score)).toBe(true);

        const auto = smash(['search', file, '--run-dir', join(dir, 'auto'), '--backend', 'auto', '--quiet', '--epochs', '1'], { env: SOFTWARE_WEBGPU_ENV });
        expect(auto.status, auto.stderr).toBe(0);
        const picked = JSON.parse(readFileSync(join(dir, 'auto', 'results.json'), 'utf8')) as RunResults;
        expect(picked.backend.name).toBe('wasm');
    }, 900_000);
});
