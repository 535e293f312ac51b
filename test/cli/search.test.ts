/**
 * The engine as users run it: `smash search` in its own process on real data, then results,
 * export, evaluate and retrain of the export (also with another seed); a run killed with SIGKILL
 * resumes; SIGTERM stops cleanly. Two runs with the same seed and backend give the same numbers.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readEvents } from '../../src/engine/run/event-log.js';
import type { RunResults } from '../../src/shared/protocol.js';
import { smash } from '../support/cli.js';
import { TINY_RUN } from '../support/spaces.js';

function workspace(): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'smash-search-'));
    const file = join(dir, 'tiny.smash');
    writeFileSync(file, TINY_RUN);
    return { dir, file };
}

const results = (run: string) => JSON.parse(readFileSync(join(run, 'results.json'), 'utf8')) as RunResults;
const numbers = (r: RunResults) => r.architectures.map((a) => [a.id, a.score, a.params, a.macs, a.retrained?.testError]);

/** Starts `smash search` and resolves once the run has written `count` training steps. */
function searchUntil(file: string, run: string, steps: number) {
    const child = spawn(process.execPath, ['bin/smash.cjs', 'search', file, '--run-dir', run, '--backend', 'wasm', '--quiet'], { stdio: 'pipe' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
    const reached = new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
            const events = existsSync(join(run, 'events.jsonl')) ? readEvents(join(run, 'events.jsonl')) : [];
            if (events.filter((e) => e.type === 'train-step' || e.type === 'checkpoint').length >= steps) {
                clearInterval(timer);
                resolve();
            }
        }, 100);
        void exit.then(() => { clearInterval(timer); reject(new Error('the search ended before it was interrupted')); });
    });
    return { child, exit, reached };
}

describe('smash search', () => {
    test('runs to the end; results, export, evaluate and retrain work on its output; a second run is identical', () => {
        const { dir, file } = workspace();
        const run = join(dir, 'run');
        const first = smash(['search', file, '--run-dir', run, '--backend', 'wasm']);
        expect(first.stderr).toBe('');
        expect(first.status).toBe(0);
        expect(first.stdout).toMatch(/== train[\s\S]*== rank[\s\S]*== retrain[\s\S]*run completed/);

        const table = smash(['results', run]);
        expect(table.status).toBe(0);
        expect(table.stdout.split('\n')[2]).toMatch(/^1\t[0-9a-f]{16}\t\d+\.\d\d%/);

        const exported = join(dir, 'best.json');
        expect(smash(['export', run, '--rank', '1', '-o', exported]).status).toBe(0);
        const best = results(run).architectures[0]!;
        const evaluated = smash(['evaluate', run, '--arch', exported, '--backend', 'wasm']);
        expect(evaluated.status).toBe(0);
        expect(evaluated.stdout).toContain(`${best.id}: SMASH score ${(100 * best.score).toFixed(1)}%`);

        const retrained = smash(['retrain', file, '--arch', exported, '--run-dir', join(dir, 'retrain'), '--backend', 'wasm', '--quiet']);
        expect(retrained.status).toBe(0);
        expect(JSON.parse(readFileSync(join(dir, 'retrain', 'retrained.json'), 'utf8')).id).toBe(best.id);
        // Another seed: other initial weights, so another loss after the first epoch.
        const reseeded = smash(['retrain', file, '--arch', exported, '--run-dir', join(dir, 'retrain-7'), '--seed', '7', '--backend', 'wasm', '--quiet']);
        expect(reseeded.status).toBe(0);
        expect(JSON.parse(readFileSync(join(dir, 'retrain-7', 'retrained.json'), 'utf8')).seed).toBe(7);
        const epochLoss = (run: string) => readEvents(join(dir, run, 'events.jsonl')).flatMap((e) => e.type === 'epoch' ? [e.loss] : [])[0];
        expect(epochLoss('retrain-7')).not.toBe(epochLoss('retrain'));
        expect(existsSync(join(dir, 'retrain-7', 'checkpoint', `retrain-${best.id}-seed7.bin`))).toBe(true);

        const again = smash(['search', file, '--run-dir', join(dir, 'again'), '--backend', 'wasm', '--quiet']);
        expect(again.status).toBe(0);
        expect(numbers(results(join(dir, 'again')))).toEqual(numbers(results(run)));
    }, 300_000);

    test('a run killed with SIGKILL resumes from its checkpoint to the same result', async () => {
        const { dir, file } = workspace();
        const reference = join(dir, 'reference');
        expect(smash(['search', file, '--run-dir', reference, '--backend', 'wasm', '--quiet']).status).toBe(0);
        const run = join(dir, 'killed');
        const search = searchUntil(file, run, 6);
        await search.reached;
        search.child.kill('SIGKILL');
        await search.exit;
        const resumed = smash(['resume', run, '--backend', 'wasm', '--quiet']);
        expect(resumed.stderr).toBe('');
        expect(resumed.status).toBe(0);
        expect(numbers(results(run))).toEqual(numbers(results(reference)));
    }, 300_000);

    test('SIGTERM stops at the next step with exit 130 and a stopped run-end', async () => {
        const { dir, file } = workspace();
        const run = join(dir, 'stopped');
        const search = searchUntil(file, run, 2);
        await search.reached;
        search.child.kill('SIGTERM');
        expect(await search.exit).toBe(130);
        const ends = readEvents(join(run, 'events.jsonl')).filter((e) => e.type === 'run-end');
        expect(ends.map((e) => e.type === 'run-end' && e.status)).toEqual(['stopped']);
    }, 120_000);

    test('bad input: a file with errors, a missing data directory, a bad architecture file', () => {
        const { dir, file } = workspace();
        writeFileSync(join(dir, 'broken.smash'), TINY_RUN.replace('ops small', 'ops nope'));
        const broken = smash(['search', join(dir, 'broken.smash'), '--backend', 'wasm']);
        expect(broken.status).toBe(1);
        expect(broken.stdout).toMatch(/broken\.smash:\d+:\d+: error: .*nope/);

        writeFileSync(join(dir, 'cifar.smash'), TINY_RUN.replace('data fashion-mnist {', 'data cifar10 { path "no-such-dir"').replace('unit 4', 'input 32 x 32 x 3 unit 4'));
        const missing = smash(['search', join(dir, 'cifar.smash'), '--backend', 'wasm', '--quiet', '--run-dir', join(dir, 'r1')]);
        expect(missing.status).toBe(1);
        expect(missing.stderr).toMatch(/no-such-dir/);
        expect(missing.stderr).not.toMatch(/\n\s+at /);

        // Sizes given on the command line meet the checker's rules for the same knobs, before any run directory exists.
        for (const [flags, message] of [
            [['--validation', '0'], /^smash: --validation 0: must be at least 1 \(it counts images\)$/m],
            [['--train', '5'], /^smash: --train 5: train batch \d+ and retrain batch \d+ are larger than the 5 training images/m],
            [['--top', '99'], /^smash: --top 99: retrain top 99 is more than the \d+ architectures the search scores/m],
            [['--test', '20000'], /^smash: --test 20000: asks for more images than the 10000 of the fashion-mnist test files$/m],
        ] as const) {
            const run = join(dir, `r-${flags[0].slice(2)}`);
            const refused = smash(['search', file, ...flags, '--backend', 'wasm', '--quiet', '--run-dir', run]);
            expect(refused.status).toBe(1);
            expect(refused.stderr).toMatch(message);
            expect(existsSync(run)).toBe(false);
        }

        const wrapped = smash(['search', file, '--seed', '4294967296', '--backend', 'wasm', '--quiet', '--run-dir', join(dir, 'r-seed')]);
        expect(wrapped.status).not.toBe(0);
        expect(wrapped.stderr).toMatch(/--seed must be at most 4294967295/);

        writeFileSync(join(dir, 'bad.json'), JSON.stringify({ version: 1, blocks: [] }));
        const bad = smash(['retrain', file, '--arch', join(dir, 'bad.json'), '--backend', 'wasm', '--run-dir', join(dir, 'r2')]);
        expect(bad.status).toBe(1);
        expect(bad.stderr).toMatch(/architecture blocks: expected 2 entries, got 0/);
    }, 120_000);
});
