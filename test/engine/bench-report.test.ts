/** The correlation report, written from synthetic numbers. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyse, type PoolEntry } from '../../src/engine/bench/analysis.js';
import { DEFAULT_BENCH } from '../../src/engine/bench/config.js';
import { reportJson, writeReport } from '../../src/engine/bench/report.js';
import type { BenchState } from '../../src/engine/bench/state.js';
import type { Architecture } from '../../src/engine/architecture.js';

/** 8 architectures whose retrained error rises with the score (one swapped pair), params falling with it. */
function synthetic(): BenchState {
    const scores = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55];
    const errors = [0.10, 0.12, 0.11, 0.15, 0.16, 0.18, 0.2, 0.22];
    const pool = scores.map((score, i) => ({
        id: `id${i}`, index: i, score, loss: 1, corruptedScore: score + (i === 0 ? -0.01 : 0.05),
        params: 1000 * (10 - i), macs: 5e5 * (i % 3 + 1), architecture: { version: 1, blocks: [] } as Architecture,
    }));
    const retrained = Object.fromEntries(pool.map((e, i) => [e.id, { testError: errors[i]!, valError: errors[i]! + 0.01, seconds: 60 + i }]));
    return {
        version: 1, name: 'Synthetic', spaceFile: join(process.cwd(), 'examples', 'synthetic.smash'),
        config: { ...DEFAULT_BENCH, seed: 7, candidates: 8, spread: 6, k: 2, resamples: 200 },
        backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', version: '4.22.0', threads: 1, simd: true },
        machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux', node: 'v20' }, tfjs: '4.22.0',
        startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:40:00.000Z',
        seconds: { smash: 600, scoring: 300, retraining: 1500, total: 2400 },
        drawn: 8, pool, selection: { spread: ['id0', 'id1', 'id3', 'id4', 'id6', 'id7'], top: ['id0', 'id1'], random: ['id2', 'id5'] },
        retrained, status: 'completed',
    };
}

describe('analysis', () => {
    test('correlations, top-k vs random-k and the corruption test from the numbers', () => {
        const state = synthetic();
        const a = analyse(state.pool as PoolEntry[], state.selection!, new Map(Object.entries(state.retrained)), 7, 200);
        // The spread set is perfectly ordered: rho = tau = 1; params fall as error rises: also 1 as "more = better".
        expect(a.all.smash.n).toBe(6);
        expect(a.all.smash.kendall.estimate).toBeCloseTo(1);
        expect(a.all.params.spearman.estimate).toBeCloseTo(1);
        expect(a.topHalf.smash.n).toBe(3);
        expect(a.topVsRandom!.topMean).toBeCloseTo(0.11);
        expect(a.topVsRandom!.randomMean).toBeCloseTo((0.11 + 0.18) / 2);
        // Pairs (top, random): 0.10 < 0.11, 0.10 < 0.18, 0.12 > 0.11, 0.12 < 0.18.
        expect(a.topVsRandom!.beatsRandom).toBeCloseTo(0.75);
        expect(a.corruption).toMatchObject({ n: 8, worse: 7, same: 0, better: 1 });
        expect(a.corruption.meanDifference.estimate).toBeCloseTo((7 * 0.05 - 0.01) / 8);
    });
});

describe('writeReport', () => {
    test('writes the markdown, the JSON of every architecture and the SVG', () => {
        const state = synthetic();
        const a = analyse(state.pool as PoolEntry[], state.selection!, new Map(Object.entries(state.retrained)), 7, 200);
        const out = mkdtempSync(join(tmpdir(), 'smash-report-'));
        const files = writeReport(out, state, a, '## Notes\n\nSomething we tried.');
        const md = readFileSync(files.markdown, 'utf8');
        expect(md).toContain('Test CPU, 2 cores, 8 GiB');
        expect(md).toContain('| seed | 7 |');
        expect(md).toContain('40 min 0 s');
        expect(md).toContain('wasm (@tensorflow/tfjs-backend-wasm 4.22.0');
        expect(md).toMatch(/\| spread set \| SMASH score \| 6 \| 1\.00 \[/);
        expect(md).toContain('met.');
        expect(md).toContain('![SMASH score vs retrained test error](correlation.svg)');
        expect(md).toContain('examples/synthetic.smash');
        expect(md.trim().endsWith('Something we tried.')).toBe(true);
        const json = JSON.parse(readFileSync(files.json, 'utf8')) as ReturnType<typeof reportJson>;
        expect(json.architectures).toHaveLength(8);
        expect(json.architectures[0]).toMatchObject({ id: 'id0', sets: ['spread', 'top-k'], retrained: { testError: 0.1 } });
        expect(json.analysis.all.smash.n).toBe(6);
        const svg = readFileSync(files.svg, 'utf8');
        expect(svg.match(/<circle /g)).toHaveLength(8);
        expect(svg.match(/fill="none"/g)).toHaveLength(2);
    });
});
