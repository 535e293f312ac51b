import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { describeRun, listRuns, newRunDirName, runStateOf, uniqueRunDir } from '../../src/extension/runs.js';
import type { RunEvent } from '../../src/shared/protocol.js';
import { manifest, trainingEvents } from './fixtures.js';

const T = '2026-11-28T10:00:00.000Z';
const root = mkdtempSync(join(tmpdir(), 'smash-runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(name: string, events: RunEvent[], extra: { results?: boolean; createdAt?: string; noManifest?: boolean } = {}): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    if (!extra.noManifest) writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest('/w/t.smash', name), createdAt: extra.createdAt ?? T }));
    writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    if (extra.results) writeFileSync(join(dir, 'results.json'), '{}');
    return dir;
}

describe('run state', () => {
    const start = trainingEvents('/w/t.smash');
    test('the last run-end after the last run-start decides', () => {
        expect(runStateOf(start).state).toBe('unfinished');
        expect(runStateOf([...start, { type: 'run-end', time: T, status: 'failed', message: 'x' }])).toEqual({ state: 'failed', message: 'x' });
        expect(runStateOf([...start, { type: 'run-end', time: T, status: 'stopped' }, start[0]!]).state).toBe('unfinished');
    });
});

describe('listing runs', () => {
    const events = trainingEvents('/w/t.smash');
    const steps = Array.from({ length: 800 }, (_, i): RunEvent => ({
        type: 'train-step', time: T, epoch: 1, step: i, steps: 800, loss: 1, accuracy: 0.5, lr: 0.001, imagesPerSecond: 100, eta: 10,
    }));
    run('done', [...events, ...steps, { type: 'run-end', time: T, status: 'completed' }], { results: true, createdAt: '2026-11-28T12:00:00.000Z' });
    run('stopped', [...events, { type: 'run-end', time: T, status: 'stopped' }], { createdAt: '2026-11-28T11:00:00.000Z' });
    run('live', [...events, ...steps], { createdAt: '2026-11-28T09:00:00.000Z' });
    run('broken', [], { noManifest: true });
    rmSync(join(root, 'broken', 'events.jsonl'));
    mkdirSync(join(root, 'not-a-run'));

    test('newest first, with states read from the end of long logs; non-runs are left out', async () => {
        const runs = await listRuns(root, (dir) => dir.endsWith('live'));
        expect(runs.map((r) => [r.name, r.state, r.hasResults])).toEqual([
            ['done', 'completed', true], ['stopped', 'stopped', false], ['live', 'running', false],
        ]);
        const [, , live] = await listRuns(root, () => false);
        expect(live!.state).toBe('unfinished');
        expect(describeRun(live!).description).toMatch(/^unfinished \(interrupted, or running elsewhere\) · 28 Nov 2026/);
    });

    test('a missing runs folder holds no runs', async () => {
        expect(await listRuns(join(root, 'nope'), () => false)).toEqual([]);
    });
});

describe('run directory names', () => {
    test('from the file name and a sortable local time, unique under the root', () => {
        expect(newRunDirName('My Space!.smash', new Date(2026, 10, 28, 9, 5, 3))).toBe('my-space-20261128-090503');
        expect(newRunDirName('...', new Date(2026, 0, 1))).toBe('run-20260101-000000');
        mkdirSync(join(root, 'taken'));
        expect(uniqueRunDir(root, 'taken')).toBe(join(root, 'taken-2'));
        expect(uniqueRunDir(root, 'free')).toBe(join(root, 'free'));
    });
});
