/**
 * The benchmark's report files: `<out>/correlation.md` (written by report-markdown.ts),
 * `<out>/correlation.json` (every architecture's score, corrupted score, parameters, MACs and
 * retrainings, plus the analysis) and `<out>/correlation.svg` (SMASH score against the seeds'
 * mean test error, each seed's error on a whisker). Numbers only come from the state and the
 * analysis.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { seedMean, type BenchAnalysis } from './analysis.js';
import { RETRAIN_SEEDS, retrainSeeds } from './config.js';
import { membership, pct, reportMarkdown, retrainedNetworks } from './report-markdown.js';
import { byScore } from './select.js';
import { withoutSources } from '../space/architecture.js';
import type { BenchState } from './state.js';
import { scatterSvg } from './svg.js';

export interface ReportFiles {
    markdown: string;
    json: string;
    svg: string;
}

export function writeReport(out: string, state: BenchState, analysis: BenchAnalysis, notes?: string): ReportFiles {
    mkdirSync(out, { recursive: true });
    const files = { markdown: join(out, 'correlation.md'), json: join(out, 'correlation.json'), svg: join(out, 'correlation.svg') };
    writeFileSync(files.json, reportJsonText(reportJson(state, analysis)));
    writeFileSync(files.svg, scatter(state));
    writeFileSync(files.markdown, reportMarkdown(state, analysis, notes));
    return files;
}

export function reportJson(state: BenchState, analysis: BenchAnalysis) {
    const { pool: _pool, retrained: _retrained, ...run } = state;
    return {
        ...run,
        spaceFile: relative(process.cwd(), state.spaceFile) || state.spaceFile,
        analysis,
        architectures: byScore(state.pool).map(({ architecture, ...e }) => ({
            ...e, sets: membership(state, e.id), retrained: state.retrained[e.id] ?? null,
            meanTestError: seedMean(state.retrained[e.id], retrainSeeds(state.config)) ?? null, architecture: withoutSources(architecture),
        })),
    };
}

/**
 * Indented down to the list of architectures, then one line per architecture: an indented
 * architecture is hundreds of lines of numbers, which made the file four times larger and no easier
 * to read.
 */
export function reportJsonText({ architectures, ...rest }: ReturnType<typeof reportJson>): string {
    const head = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
    const lines = architectures.map((a) => `    ${JSON.stringify(a)}`);
    return `${head},\n  "architectures": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

function scatter(state: BenchState): string {
    const points = retrainedNetworks(state).map((e) => ({
        x: 100 * e.score, y: 100 * e.meanError, values: e.runs.map((r) => 100 * r.testError),
        label: `${e.id}: score ${pct(e.score)}, test error ${e.runs.map((r) => `${pct(r.testError)} (seed ${r.seed})`).join(', ')}`,
        hollow: !state.selection?.spread.includes(e.id),
    }));
    return scatterSvg(points, {
        title: `${state.name}: SMASH score vs error after training from scratch`,
        xLabel: 'SMASH score (validation error with generated weights, %)',
        yLabel: `test error after retraining, mean of ${RETRAIN_SEEDS} seeds (%)`,
    });
}

