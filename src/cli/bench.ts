/**
 * `smash bench correlation FILE`: the correlation benchmark in this process, with its progress
 * printed, the first Ctrl-C (or SIGTERM) turned into a clean stop, and the report written when it
 * completes. Running the same command again continues a stopped or killed benchmark (a killed
 * retraining continues from its last epoch checkpoint), or rebuilds a finished one's report from its
 * state (after an upgrade of the report, or with other --notes or --out).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackendChoice } from '../engine/backend/backend.js';
import type { PairedScoreTest } from '../engine/bench/analysis.js';
import type { BenchConfig } from '../engine/bench/config.js';
import { checkedSpace, pct, printEvent, stopOnSignal } from './progress.js';

export interface BenchArgs {
    file: string;
    dir?: string;
    out?: string;
    notes?: string;
    backend: BackendChoice;
    config: Partial<BenchConfig>;
    quiet: boolean;
}

export async function runBenchCorrelation(args: BenchArgs, out: (line: string) => void): Promise<number> {
    const space = await checkedSpace(args.file, out);
    if (!space) return 1;
    const notes = args.notes === undefined ? undefined : readNotes(args.notes);
    const { benchConfig } = await import('../engine/bench/config.js');
    const { runCorrelationBench } = await import('../engine/bench/correlation.js');
    const { writeReport } = await import('../engine/bench/report.js');
    const { coefficient, interval, pValue, verdict } = await import('../engine/bench/report-markdown.js');
    const { SEED_AGREEMENT_FLOOR } = await import('../engine/bench/analysis.js');
    const config = benchConfig(space, args.config);
    const dir = resolve(args.dir ?? join('.smash', 'bench', `correlation-${space.name.replace(/[^\w.-]+/g, '_')}`));
    const stop = stopOnSignal(out);
    const outcome = await runCorrelationBench({
        space, spaceFile: resolve(args.file), dir, config, backend: args.backend, shouldStop: stop.requested,
        echo: args.quiet ? undefined : (e) => printEvent(e, out),
    }).finally(stop.dispose);
    out(`bench directory: ${dir}`);
    if (outcome.status === 'stopped' || !outcome.analysis) return 130;
    const a = outcome.analysis;
    const s = a.seedAgreement;
    const shortfall = Number.isFinite(s.kendall.estimate) ? `below ${SEED_AGREEMENT_FLOOR}` : 'tied errors';
    out(`seed agreement over ${s.n} (seeds ${s.seeds.join(' and ')}): Kendall ${interval(s.kendall)}`
        + (a.judgeable ? '' : `, ${shortfall}: no predictor can be judged at this retraining length`));
    const coef = (x: number) => coefficient(x, 3);
    out(`SMASH score vs mean test error over ${a.all.smash.n}: Spearman ${coef(a.all.smash.spearman.estimate)}, Kendall ${coef(a.all.smash.kendall.estimate)}`
        + ` (params: Kendall ${coef(a.all.params.kendall.estimate)}, MACs: ${coef(a.all.macs.kendall.estimate)})`);
    if (a.topVsRandom) out(`top-${a.topVsRandom.k} mean error ${pct(a.topVsRandom.topMean)} vs random-${a.topVsRandom.k} ${pct(a.topVsRandom.randomMean)}`);
    const paired = (what: string, t: PairedScoreTest, verdict: string) => out(`${what}: score ${(100 * t.meanDifference.estimate).toFixed(2)} points worse on average `
        + `(${t.worse} worse, ${t.better} better of ${t.n}; sign test ${pValue(t.p)}): ${verdict}`);
    paired('corrupted code', a.corruption, a.corruption.usesCode ? 'the HyperNet uses the code' : 'the HyperNet does not use the code');
    if (a.randomWeights) {
        paired('random 1x1 weights', a.randomWeights, a.randomWeights.usesWeights ? 'the network uses the generated weights' : 'the network does not use the generated weights');
    }
    out(verdict(a));
    const files = writeReport(resolve(args.out ?? dir), outcome.state, a, notes);
    out(`report: ${files.markdown}`);
    return 0;
}

function readNotes(path: string): string {
    try {
        return readFileSync(path, 'utf8');
    } catch (error) {
        throw new Error(`--notes ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
}
