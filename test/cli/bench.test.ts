/**
 * `smash bench correlation` as users run it: a tiny benchmark on real data writes its report where
 * --out says; killed with SIGKILL in the middle of a retraining, the same command continues it to
 * the numbers of an uninterrupted run; run again once finished, it rebuilds the report from its
 * state alone; bad sizes, names and old states get a one-line message,
 * never a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readEvents } from '../../src/engine/run/event-log.js';
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
        expect(r.stdout).toMatch(/seed agreement over 3 \(seeds 5 and 6\): Kendall (-?[\d.]+|n\/a) \[(-?[\d.]+|n\/a), (-?[\d.]+|n\/a)\]/);
        expect(r.stdout).toMatch(/SMASH score vs mean test error over 3: Spearman (-?[\d.]+|n\/a), Kendall (-?[\d.]+|n\/a) \(params: Kendall (-?[\d.]+|n\/a), MACs: (-?[\d.]+|n\/a)\)/);
        expect(r.stdout).toMatch(/corrupted code: score -?[\d.]+ points worse on average \(\d+ worse, \d+ better of 4; sign test p [=<] [\d.]+\): the HyperNet (uses|does not use) the code/);
        expect(r.stdout).toMatch(/random 1x1 weights: score -?[\d.]+ points worse on average \(\d+ worse, \d+ better of 4; sign test p [=<] [\d.]+\): the network (uses|does not use) the generated weights/);
        const md = readFileSync(join(dir, 'results', 'correlation.md'), 'utf8');
        expect(md).toContain('K = 4, M = 3, k = 1');
        expect(md).toMatch(/\*\*Verdict:\*\* /);
        expect(md).toContain('Nothing yet.');
        const jsonText = readFileSync(join(dir, 'results', 'correlation.json'), 'utf8');
        const json = JSON.parse(jsonText) as { architectures: unknown[] };
        expect(json.architectures).toHaveLength(4);
        // One line per architecture, without this checkout's file URIs.
        expect(jsonText.split('\n').filter((l) => l.startsWith('    {"id":'))).toHaveLength(4);
        expect(jsonText).not.toContain('file://');
        // Run again without the SMASH checkpoint: everything is in bench.json, so it only rewrites the report.
        rmSync(join(dir, 'bench', 'checkpoint'), { recursive: true });
        const eventsBefore = readEvents(join(dir, 'bench', 'events.jsonl')).length;
        const again = smash(['bench', 'correlation', file, '--dir', join(dir, 'bench'), '--out', join(dir, 'results'), ...tiny]);
        expect(again.status).toBe(0);
        const added = readEvents(join(dir, 'bench', 'events.jsonl')).slice(eventsBefore);
        expect(added.filter((e) => e.type === 'phase')).toEqual([]);
        expect(added.some((e) => e.type === 'log' && e.message.startsWith('already finished'))).toBe(true);
        expect(existsSync(join(dir, 'bench', 'checkpoint', 'smash.bin'))).toBe(false);
        expect(readFileSync(join(dir, 'results', 'correlation.json'), 'utf8')).toBe(jsonText);
        expect(again.stdout.split('\n').find((l) => l.startsWith('SMASH score vs'))).toBe(r.stdout.split('\n').find((l) => l.startsWith('SMASH score vs')));
    }, 300_000);

    test.each([
        [['bench'], 2, /smash bench needs a benchmark name: correlation/],
        [['bench', 'correlation'], 2, /needs one space FILE/],
        [['bench', 'correlation', 'x.smash', '--spread', 'two'], 2, /--spread needs a whole number, got 'two'/],
        [['bench', 'correlation', 'x.smash', '--scale', '0.5'], 2, /--scale needs a number >= 1/],
        [['bench', 'correlation', 'x.smash', '--workers', '-1'], 2, /--workers/],
        [['bench', 'correlation', 'x.smash', '--parallel', '0'], 2, /--parallel/],
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

    test('a benchmark directory of an older format is refused in one line', () => {
        const { dir, file } = workspace();
        mkdirSync(join(dir, 'bench'));
        writeFileSync(join(dir, 'bench', 'bench.json'), JSON.stringify({ version: 1, name: 'TinyRun', retrained: {} }));
        const r = smash(['bench', 'correlation', file, '--dir', join(dir, 'bench'), ...tiny]);
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/bench\.json is a benchmark state of version 1, this smash continues only version 2 \(two seeds per network\); start a new output folder with --dir/);
    });

    test('killed with SIGKILL in the middle of a retraining, the same command continues it to the uninterrupted numbers', async () => {
        const { dir, file } = workspace();
        // Two retraining epochs, so a retraining has a checkpoint before it ends; side by side on workers (the default).
        const sized = tiny.map((a, i) => (tiny[i - 1] === '--retrain-epochs' ? '2' : tiny[i - 1] === '--train' ? '256' : a));
        const args = (name: string) => ['bench', 'correlation', file, '--dir', join(dir, name), '--out', join(dir, `${name}-report`), ...sized];
        const reference = smash(args('reference'));
        expect(reference.stderr).toBe('');
        expect(reference.status).toBe(0);

        const killed = join(dir, 'killed');
        const child = spawn(process.execPath, ['bin/smash.cjs', ...args('killed')], { stdio: 'pipe' });
        const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
        // The first epoch checkpoint written during retraining: the retraining is half done.
        await new Promise<void>((resolve, reject) => {
            const timer = setInterval(() => {
                const events = existsSync(join(killed, 'events.jsonl')) ? readEvents(join(killed, 'events.jsonl')) : [];
                const retraining = events.findIndex((e) => e.type === 'phase' && e.phase === 'retrain');
                if (retraining >= 0 && events.slice(retraining).some((e) => e.type === 'checkpoint')) {
                    clearInterval(timer);
                    resolve();
                }
            }, 5);
            child.on('exit', () => { clearInterval(timer); reject(new Error('the benchmark ended before a retraining checkpoint')); });
        });
        child.kill('SIGKILL');
        await exit;
        const state = JSON.parse(readFileSync(join(killed, 'bench.json'), 'utf8')) as { status: string; retrained: Record<string, unknown[]> };
        // Killed, not stopped: the state still says running, and the retraining in progress is not in it.
        expect(state.status).toBe('running');
        expect(Object.values(state.retrained).flat()).toHaveLength(0);
        expect(readdirSync(join(killed, 'checkpoint')).filter((f) => /^retrain-[0-9a-f]{16}-seed[56]\.bin$/.test(f)).length).toBeGreaterThanOrEqual(1);

        const resumed = smash(args('killed'));
        expect(resumed.stderr).toBe('');
        expect(resumed.status).toBe(0);
        const numbers = (name: string) => (JSON.parse(readFileSync(join(dir, `${name}-report`, 'correlation.json'), 'utf8')) as {
            architectures: Array<{ id: string; score: number; retrained: Array<{ seed: number; testError: number; valError: number }> | null }>;
        }).architectures.map((a) => [a.id, a.score, a.retrained?.map((r) => [r.seed, r.testError, r.valError])]);
        expect(numbers('killed')).toEqual(numbers('reference'));
        const line = (out: string) => out.split('\n').filter((l) => /^(seed agreement|SMASH score vs)/.test(l));
        expect(line(resumed.stdout)).toEqual(line(reference.stdout));
    }, 300_000);
});
