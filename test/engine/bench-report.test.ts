/** The correlation report, written from synthetic numbers. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyse, noiseCeiling, spreadForAgreement, type PoolEntry } from '../../src/engine/bench/analysis.js';
import { DEFAULT_BENCH } from '../../src/engine/bench/config.js';
import { pValue, verdict } from '../../src/engine/bench/report-markdown.js';
import { reportJson, writeReport } from '../../src/engine/bench/report.js';
import type { BenchState } from '../../src/engine/bench/state.js';
import type { Architecture } from '../../src/engine/space/architecture.js';
import { Random } from '../../src/engine/random.js';
import { kendall } from '../../src/engine/stats.js';

/**
 * 8 architectures whose seed-mean error rises with the score (one swapped pair), params falling
 * with it. Seed 8 adds `noise[i]` to seed 7's error; by default both seeds order them the same.
 */
function synthetic(noise: number[] = [0, 0.002, 0.004, 0.002, 0, 0.004, 0.002, 0]): BenchState {
    const scores = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55];
    const errors = [0.10, 0.12, 0.11, 0.15, 0.16, 0.18, 0.2, 0.22];
    const pool = scores.map((score, i) => ({
        id: `id${i}`, index: i, score, loss: 1, corruptedScore: score + (i === 0 ? -0.01 : 0.05), randomWeightsScore: score + 0.1,
        params: 1000 * (10 - i), macs: 5e5 * (i % 3 + 1), architecture: { version: 1, blocks: [] } as Architecture,
    }));
    const retrained = Object.fromEntries(pool.map((e, i) => [e.id, [
        { seed: 7, testError: errors[i]! - noise[i]! / 2, valError: errors[i]! + 0.01, seconds: 60 + i },
        { seed: 8, testError: errors[i]! + noise[i]! / 2, valError: errors[i]! + 0.01, seconds: 60 + i },
    ]]));
    return {
        version: 2, name: 'Synthetic', spaceFile: join(process.cwd(), 'examples', 'synthetic.smash'),
        config: { ...DEFAULT_BENCH, seed: 7, candidates: 8, spread: 6, k: 2, resamples: 200 },
        backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', version: '4.22.0', threads: 1, simd: true },
        machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux', node: 'v20' }, tfjs: '4.22.0',
        startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:40:00.000Z',
        seconds: { smash: 600, scoring: 300, retraining: 1500, total: 2400 },
        smashValidation: { accuracy: 0.725, chance: 0.1 }, drawn: 8, pool, selection: { spread: ['id0', 'id1', 'id3', 'id4', 'id6', 'id7'], top: ['id0', 'id1'], random: ['id2', 'id5'] },
        retrained, status: 'completed',
    };
}

const analysed = (state: BenchState) =>
    analyse(state.pool as PoolEntry[], state.selection!, new Map(Object.entries(state.retrained)), [7, 8], 7, 200);

describe('analysis', () => {
    test('seed agreement, correlations against the seed means, top-k vs random-k and the corruption test', () => {
        const state = synthetic();
        const a = analysed(state);
        // Both seeds order the spread set the same way.
        expect(a.seedAgreement).toMatchObject({ n: 6, seeds: [7, 8] });
        expect(a.seedAgreement.kendall.estimate).toBeCloseTo(1);
        expect(a.seedAgreement.meanAbsoluteDifference).toBeCloseTo((0 + 0.002 + 0.002 + 0 + 0.002 + 0) / 6, 12);
        expect(a.judgeable).toBe(true);
        // The spread set is perfectly ordered: rho = tau = 1; params fall as error rises: also 1 as "more = better".
        expect(a.all.smash.n).toBe(6);
        expect(a.all.smash.kendall.estimate).toBeCloseTo(1);
        expect(a.all.params.spearman.estimate).toBeCloseTo(1);
        expect(a.topHalf.smash.n).toBe(3);
        expect(a.topVsRandom!.topMean).toBeCloseTo(0.11);
        expect(a.topVsRandom!.randomMean).toBeCloseTo((0.11 + 0.18) / 2);
        // Pairs (top, random): 0.10 < 0.11, 0.10 < 0.18, 0.12 > 0.11, 0.12 < 0.18.
        expect(a.topVsRandom!.beatsRandom).toBeCloseTo(0.75);
        expect(a.corruption).toMatchObject({ n: 8, worse: 7, same: 0, better: 1, usesCode: false });
        // 7 of 8: p = 2 * 9 / 256.
        expect(a.corruption.p).toBeCloseTo(18 / 256, 12);
        expect(a.corruption.meanDifference.estimate).toBeCloseTo((7 * 0.05 - 0.01) / 8);
        // The control: random weights score worse for all 8, p = 2 / 256.
        expect(a.randomWeights).toMatchObject({ n: 8, worse: 8, same: 0, better: 0, usesWeights: true });
        expect(a.randomWeights!.meanDifference.estimate).toBeCloseTo(0.1);
    });

    test('a pool scored before the random-weights control has none, and the report says it was not measured', () => {
        const state = synthetic();
        for (const e of state.pool) delete e.randomWeightsScore;
        const a = analysed(state);
        expect(a.randomWeights).toBeUndefined();
        const md = readFileSync(writeReport(mkdtempSync(join(tmpdir(), 'smash-report-')), state, a, '').markdown, 'utf8');
        expect(md).toContain('The control with random 1x1 weights was not measured for this pool.');
        expect(md).not.toContain('| control: random 1x1 weights');
    });

    test('seeds that disagree make the benchmark unable to judge a predictor', () => {
        // Seed 8 reverses the order of the spread set.
        const a = analysed(synthetic([0, 0.1, 0.06, 0.02, -0.02, -0.06, -0.1, -0.14]));
        expect(a.seedAgreement.kendall.estimate).toBeLessThan(0.8);
        expect(a.seedAgreement.ceiling.estimate).toBeCloseTo(noiseCeiling(a.seedAgreement.kendall.estimate, 2), 12);
        expect(a.judgeable).toBe(false);
        expect(verdict(a)).toMatch(/^Retraining at this length does not agree with itself \(Kendall tau -?[\d.]+ between two seeds, below 0\.8\), so no predictor can be judged/);
    });

    test('seeds tied at one error (networks that learned nothing) cannot be judged, and the verdict says why', () => {
        const state = synthetic();
        for (const runs of Object.values(state.retrained)) for (const r of runs) r.testError = 0.9;
        const a = analysed(state);
        expect(a.seedAgreement.kendall.estimate).toBeNaN();
        expect(a.judgeable).toBe(false);
        expect(verdict(a)).toBe('Retraining at this length gives the networks tied test errors, so the two seeds give no order to agree on and no predictor can be judged by this run.');
    });

    test('networks missing a seed are left out; a significant corruption test says the code is used', () => {
        const state = synthetic();
        state.retrained.id3 = state.retrained.id3!.slice(0, 1);
        state.pool.forEach((e, i) => {
            e.corruptedScore = e.score + 0.05;
            // Bigger networks now do worse: the size baseline falls below the SMASH score.
            e.params = 1000 * (i + 1);
        });
        const a = analysed(state);
        expect(a.all.smash.n).toBe(5);
        expect(a.seedAgreement.n).toBe(5);
        // 8 of 8 worse: p = 2 / 256 < 0.05.
        expect(a.corruption).toMatchObject({ worse: 8, better: 0, usesCode: true });
        expect(verdict(a)).toMatch(/^The SMASH score orders architectures as training does: Kendall tau 1\.00/);
    });
});

describe('noiseCeiling', () => {
    test('is 1 for seeds that agree fully, 0 for seeds that do not agree, NaN for an undefined tau, and grows with the seeds averaged', () => {
        expect(noiseCeiling(1, 2)).toBeCloseTo(1, 12);
        expect(noiseCeiling(0, 2)).toBe(0);
        expect(noiseCeiling(-0.3, 2)).toBe(0);
        expect(noiseCeiling(NaN, 2)).toBeNaN();
        expect(noiseCeiling(0.36, 2)).toBeGreaterThan(noiseCeiling(0.36, 1));
        expect(noiseCeiling(0.36, 1)).toBeGreaterThan(0.36);
    });

    test('matches the tau between expected errors and the mean of two noisy retrainings, simulated', () => {
        // 1,500 networks with expected errors of sd 0.45 points and seed noise of sd 0.35 points, as in
        // the default benchmark: the formula, fed the seeds' tau, predicts the tau of truth vs seed mean.
        const rng = new Random('ceiling');
        const truth = Array.from({ length: 1500 }, () => 0.45 * rng.normal());
        const seedA = truth.map((t) => t + 0.35 * rng.normal());
        const seedB = truth.map((t) => t + 0.35 * rng.normal());
        const predicted = noiseCeiling(kendall(seedA, seedB), 2);
        const actual = kendall(truth, seedA.map((a, i) => (a + seedB[i]!) / 2));
        expect(predicted).toBeGreaterThan(0.55);
        expect(Math.abs(predicted - actual)).toBeLessThan(0.03);
    });

    test('the spread for a seed agreement of 0.8: networks spread that far agree at about 0.8, simulated', () => {
        // Seed noise of sd 0.35 points; the expected errors spread so that the seed means spread as required.
        const rng = new Random('spread-needed');
        const noise = 0.35;
        const difference = (noise * 2) / Math.sqrt(Math.PI);
        const spread = spreadForAgreement(0.8, difference);
        expect(spread / difference).toBeCloseTo(3.96, 2);
        const truth = Array.from({ length: 1500 }, () => Math.sqrt(spread ** 2 - noise ** 2 / 2) * rng.normal());
        const seedA = truth.map((t) => t + noise * rng.normal());
        const seedB = truth.map((t) => t + noise * rng.normal());
        const measuredDifference = seedA.reduce((sum, a, i) => sum + Math.abs(a - seedB[i]!), 0) / seedA.length;
        expect(Math.abs(measuredDifference - difference) / difference).toBeLessThan(0.05);
        expect(Math.abs(kendall(seedA, seedB) - 0.8)).toBeLessThan(0.03);
    });
});

describe('pValue', () => {
    test('three decimals, and "p < 0.001" below what they show', () => {
        expect(pValue(0.163)).toBe('p = 0.163');
        expect(pValue(0.0078125)).toBe('p = 0.008');
        expect(pValue(1.8e-12)).toBe('p < 0.001');
    });
});

describe('writeReport', () => {
    test('writes the summary, the verdict, both seeds, the JSON of every architecture and the SVG', () => {
        const state = synthetic();
        const a = analysed(state);
        const out = mkdtempSync(join(tmpdir(), 'smash-report-'));
        const files = writeReport(out, state, a, '## Notes\n\nSomething we tried.');
        const md = readFileSync(files.markdown, 'utf8');
        // The summary and the verdict come before the run's details.
        expect(md.indexOf('## Summary')).toBeLessThan(md.indexOf('## Run'));
        expect(md).toMatch(/\| seed agreement: Kendall tau between the two seeds' test errors \(n = 6\) \| 1\.00 \[[-\d.]+, [-\d.]+\] \| >= 0\.8, else no predictor can be judged \| yes \|/);
        expect(md).toMatch(/\| corrupted code scores worse \(sign test over 8\) \| 7 worse, 1 better, p = 0\.070 \| p < 0\.05 \| no \|/);
        expect(md).toContain(`**Verdict:** ${verdict(a)}`);
        expect(md).toContain('The SMASH network ended its training at 72.5% validation accuracy (chance 10.0%).');
        expect(md).toContain('**The HyperNet does not use the code:**');
        expect(md).toMatch(/\| control: random 1x1 weights score worse \(sign test over 8\) \| 8 worse, 0 better, p = 0\.008 \| p < 0\.05 \| yes \|/);
        expect(md).toContain('The network depends on the generated weights, but not on what the code says about each op\'s values');
        expect(md).toContain('Test CPU, 2 cores, 8 GiB');
        expect(md).toContain('| seed | 7 (retraining: 7, 8) |');
        expect(md).toContain('2 data-parallel workers for the SMASH network; retrained 4 at a time, each on one thread');
        expect(md).toContain('40 min 0 s');
        // A state from before side-by-side retraining retrained one network at a time, every step split.
        const before = { ...state, config: { ...state.config, parallel: 1 } };
        expect(readFileSync(writeReport(mkdtempSync(join(tmpdir(), 'smash-report-')), before, a, '').markdown, 'utf8')).toContain('tfjs 4.22.0, 2 data-parallel workers |');
        expect(md).toContain('wasm (@tensorflow/tfjs-backend-wasm 4.22.0');
        expect(md).toMatch(/\| spread set \| SMASH score \| 6 \| 1\.00 \[/);
        expect(md).toContain('| test error, seed 7 | test error, seed 8 | mean test error |');
        expect(md).toContain('| id1 | spread, top-k | 25.0% | 30.0% | 9000 | 1.0 | 11.9% | 12.1% | 12.0% | 13.0% | 122 |');
        expect(md).toContain('![SMASH score vs retrained test error](correlation.svg)');
        expect(md).toContain('examples/synthetic.smash');
        expect(md).toContain('- Kendall tau of the SMASH score against the seed means on the spread set: 1.00 (goal 0.6, noise ceiling 1.00): met.');
        expect(md).toMatch(/\| noise ceiling: Kendall tau a predictor of each network's expected error would reach against the seed means \| 1\.00 \[[\d.]+, [\d.]+\] \| >= 0\.6, else no predictor can reach the goal \| yes \|/);
        expect(md).toContain('a predictor that knew each network\'s expected error would reach Kendall tau 1.00 [');
        expect(md).toContain('- The corrupted code scores worse (sign test p < 0.05): no (p = 0.070).');
        expect(md.trim().endsWith('Something we tried.')).toBe(true);
        const json = JSON.parse(readFileSync(files.json, 'utf8')) as ReturnType<typeof reportJson>;
        expect(json.architectures).toHaveLength(8);
        expect(json.architectures[0]).toMatchObject({ id: 'id0', sets: ['spread', 'top-k'], retrained: [{ seed: 7, testError: 0.1 }, { seed: 8, testError: 0.1 }], meanTestError: 0.1 });
        expect(json.analysis.seedAgreement.n).toBe(6);
        expect(json.analysis.all.smash.n).toBe(6);
        const svg = readFileSync(files.svg, 'utf8');
        expect(svg.match(/<circle /g)).toHaveLength(8);
        expect(svg.match(/fill="none"/g)).toHaveLength(2);
        // One tick per seed per network.
        expect(svg.match(/<line class="seed"/g)).toHaveLength(16);
    });

    test('the op-use check follows the SMASH network\'s accuracy, and says when the ops are barely used', () => {
        const report = (mutedError: number) => {
            const state = synthetic();
            state.smashValidation = { accuracy: 0.725, chance: 0.1, opUse: { architectures: 3, error: 0.3, mutedError } };
            const out = mkdtempSync(join(tmpdir(), 'smash-report-'));
            return readFileSync(writeReport(out, state, analysed(state), '').markdown, 'utf8');
        };
        expect(report(0.45)).toContain('The SMASH network ended its training at 72.5% validation accuracy (chance 10.0%); '
            + 'muting every op of the 3 best-scored architectures takes their validation error from 30.0 % to 45.0 % (+15.0 points).');
        expect(report(0.302)).toContain('(+0.2 points): it barely uses its ops, so its scores cannot tell architectures apart.');
        const state = synthetic();
        state.smashValidation = { accuracy: 0.725, chance: 0.1, scored: { accuracy: 0.61, architectures: 8 } };
        expect(readFileSync(writeReport(mkdtempSync(join(tmpdir(), 'smash-report-')), state, analysed(state), '').markdown, 'utf8'))
            .toContain('The SMASH network scored the 8 candidates at 61.0% validation accuracy on average (last epoch 72.5%, chance 10.0%).');
    });

    test('an unjudgeable run says so in the summary and in the seed-agreement section', () => {
        const state = synthetic([0, 0.1, 0.06, 0.02, -0.02, -0.06, -0.1, -0.14]);
        const md = readFileSync(writeReport(mkdtempSync(join(tmpdir(), 'smash-report-')), state, analysed(state)).markdown, 'utf8');
        expect(md).toMatch(/\| >= 0\.8, else no predictor can be judged \| no \|/);
        expect(md).toContain('at this retraining length, retraining does not order the networks reproducibly, so no predictor can be judged against it');
    });

    test('the advice says how far the networks would have to spread, and asks for the whole test pool first', () => {
        const report = (noise: number[], test = DEFAULT_BENCH.test) => {
            const state = synthetic(noise);
            state.config.test = test;
            const analysis = analysed(state);
            return { md: readFileSync(writeReport(mkdtempSync(join(tmpdir(), 'smash-report-')), state, analysis).markdown, 'utf8'), s: analysis.seedAgreement };
        };
        // Seeds that reverse the order: they differ by more than the networks spread.
        const reversing = [0, 0.1, 0.06, 0.02, -0.02, -0.06, -0.1, -0.14];
        const reversed = report(reversing);
        expect(reversed.s.spreadNeeded).toBeCloseTo(spreadForAgreement(0.8, reversed.s.meanAbsoluteDifference), 12);
        expect(reversed.md).toContain(`if the seed means spread by about ${(100 * reversed.s.spreadNeeded).toFixed(2)} points at this seed noise, `
            + `${(reversed.s.spreadNeeded / reversed.s.spreadAcrossNetworks).toFixed(1)} times as far as they do.`);
        expect(reversed.md).toContain('The whole test pool is already used. Longer retraining');
        // The same on a part of the test pool: more test images come first.
        const sampled = report(reversing, 1000).md;
        expect(sampled).toContain('Measure on more test images first (`--test`)');
        expect(sampled).not.toContain('The whole test pool');
        // Neighbours swapped by 2.4 points (tau 0.6): the networks are nearer the spread they need.
        const swapped = report([0.024, -0.024, 0, 0.024, -0.024, 0, 0.024, -0.024]).s;
        expect(swapped.spreadNeeded / swapped.spreadAcrossNetworks).toBeLessThan(reversed.s.spreadNeeded / reversed.s.spreadAcrossNetworks);
        expect(swapped.spreadNeeded / swapped.meanAbsoluteDifference).toBeCloseTo(3.96, 2);
    });
});
