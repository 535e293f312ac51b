/**
 * `smash sample` and the preview draw exactly what a search's random stage scores, deterministically
 * per seed, and their statistics add up.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { rankArchitectures } from '../../src/engine/train/rank.js';
import { EventLog } from '../../src/engine/run/event-log.js';
import { sampleSpace } from '../../src/engine/space/sample-space.js';
import { histogram, sampleStats, spread } from '../../src/engine/space/sample-stats.js';
import { SmashModel } from '../../src/engine/model/smash-model.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';
import { memoryDataset } from './data-fixtures.js';

let space: SearchSpace;
beforeAll(async () => {
    space = await compileText(TINY_RUN);
});

describe('sampleSpace', () => {
    test('draws what the random stage of a real ranking scores, in the same order', async () => {
        await selectBackend('wasm');
        const seed = 11;
        const ranked = { ...space, search: { ...space.search, random: 4, perturb: 0, hillclimb: 0 } };
        const data = memoryDataset(8, 28, 28, 1, (i, k) => (i * 31 + k) % 256);
        const subset = { data, indices: Int32Array.from({ length: 8 }, (_, i) => i) };
        const dir = mkdtempSync(join(tmpdir(), 'smash-sample-'));
        const { scored } = await rankArchitectures(new SmashModel(ranked, seed), {
            seed, split: { train: subset, validation: subset, test: subset }, normalization: { mean: [0.5], std: [0.25] },
            statePath: join(dir, 'ranking.json'), log: new EventLog(join(dir, 'events.jsonl')), shouldStop: () => false, remainingAfter: () => 0,
        });
        const drawn = sampleSpace(ranked, seed, 6);
        expect(scored.map((s) => s.architecture)).toEqual(drawn.slice(0, 4).map((d) => d.architecture));
        expect(scored.map((s) => [s.id, s.params, s.macs])).toEqual(drawn.slice(0, 4).map((d) => [d.id, d.params, d.macs]));
    }, 120_000);

    test('is deterministic per seed, a prefix of any longer draw, and differs between seeds', () => {
        const a = sampleSpace(space, 3, 5);
        expect(sampleSpace(space, 3, 5)).toEqual(a);
        expect(sampleSpace(space, 3, 2)).toEqual(a.slice(0, 2));
        expect(sampleSpace(space, 4, 5).map((s) => s.id)).not.toEqual(a.map((s) => s.id));
        expect(a.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    });

    test('refuses a count below 1 and a negative seed', () => {
        expect(() => sampleSpace(space, 1, 0)).toThrow(/count must be a whole number >= 1/);
        expect(() => sampleSpace(space, -1, 3)).toThrow(/seed must be a whole number >= 0/);
    });
});

describe('spread and histogram', () => {
    test('quartiles interpolate between order statistics', () => {
        expect(spread([5, 1, 3, 2, 4])).toEqual({ min: 1, q1: 2, median: 3, q3: 4, max: 5 });
        expect(spread([1, 2, 3, 4])).toEqual({ min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
        expect(spread([7])).toEqual({ min: 7, q1: 7, median: 7, q3: 7, max: 7 });
    });

    test('bins are equal-width with the maximum in the last bin; one value fills the first', () => {
        expect(histogram([0, 1, 2, 3, 4], 4)).toEqual({ lo: 0, hi: 4, counts: [1, 1, 1, 2] });
        expect(histogram([2, 2], 3)).toEqual({ lo: 2, hi: 2, counts: [2, 0, 0] });
    });
});

describe('sampleStats', () => {
    test('counts add up: one bank size per block per draw, one family per op, two axes per conv', async () => {
        const samples = sampleSpace(space, 5, 60);
        const stats = sampleStats(space, samples);
        const knob = (scope: string, name: string) => stats.knobs.find((k) => k.scope === scope && k.knob === name)!;
        const ops = (b: number) => samples.reduce((n, s) => n + s.architecture.blocks[b]!.ops.length, 0);
        const convs = samples.reduce((n, s) => n + s.architecture.blocks.reduce((m, b) => m + b.ops.reduce((k, op) => k + op.convs.length, 0), 0), 0);
        expect(stats.samples).toBe(60);
        expect(knob('block b1', 'bankSize').draws).toBe(60);
        expect(knob('block b1', 'ops').draws).toBe(ops(0));
        expect(knob('op small', 'dilation').draws).toBe(2 * convs);
        expect(knob('op small', 'groups').draws).toBe(convs);
        for (const k of stats.knobs) expect(k.values.reduce((n, v) => n + v.count, 0), `${k.scope} ${k.knob}`).toBe(k.draws);
        expect(stats.params.histogram.counts.reduce((a, b) => a + b, 0)).toBe(60);
        expect(stats.params.min).toBe(Math.min(...samples.map((s) => s.params)));
        expect(stats.macs.max).toBe(Math.max(...samples.map((s) => s.macs)));
        expect(stats.opsPerBlock.map((b) => b.counts.reduce((x, y) => x + y, 0))).toEqual([60, 60]);
        // TINY_RUN's structure set gives (1) and (1, 1) their own text, in the file's order.
        expect(knob('op small', 'structure').values.map((v) => v.value)).toEqual(['(1)', '(1, 1)']);
    });

    test('values the space allows but never draws are listed with count 0, and each keeps its own source', async () => {
        // Dilation is capped at 1 for kernel 7 (receptiveField 7), so 2 and 3 are never drawn.
        const capped = await compileText(TINY_RUN.replace('kernel {3}  dilation {1, 2}', 'kernel {7}  dilation {1, 2, 3}'));
        const stats = sampleStats(capped, sampleSpace(capped, 1, 20));
        const dilation = stats.knobs.find((k) => k.scope === 'op small' && k.knob === 'dilation')!;
        expect(dilation.values.map((v) => [v.value, v.count === 0])).toEqual([['1', false], ['2', true], ['3', true]]);
        const line = TINY_RUN.split('\n').findIndex((l) => l.includes('op small'));
        expect(new Set(dilation.values.map((v) => v.at.range.start.character)).size).toBe(3);
        expect(dilation.values.every((v) => v.at.range.start.line === line)).toBe(true);
    });
});
