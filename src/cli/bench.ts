/**
 * `smash bench correlation FILE`: the correlation benchmark in this process, with its progress
 * printed, the first Ctrl-C (or SIGTERM) turned into a clean stop, and the report written when it
 * completes. Running the same command again continues a stopped or killed benchmark.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../shared/protocol.js';
import type { BackendChoice } from '../engine/backend.js';
import type { BenchConfig } from '../engine/bench/config.js';
import { checkFiles } from './documents.js';
import { formatRecord, toRecord } from './check.js';

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
    const [checked] = await checkFiles([args.file]);
    const errors = checked!.diagnostics.filter((d) => d.severity === 1);
    if (!checked!.space || errors.length > 0) {
        for (const d of errors) out(formatRecord(toRecord(args.file, d)));
        out(`smash: ${args.file} has errors; fix them first`);
        return 1;
    }
    const space = checked!.space;
    const notes = args.notes === undefined ? undefined : readNotes(args.notes);
    const { benchConfig } = await import('../engine/bench/config.js');
    const { runCorrelationBench } = await import('../engine/bench/correlation.js');
    const { writeReport } = await import('../engine/bench/report.js');
    const config = benchConfig(space, args.config);
    const dir = resolve(args.dir ?? join('.smash', 'bench', `correlation-${space.name.replace(/[^\w.-]+/g, '_')}`));
    const stop = stopOnSignal(out);
    const outcome = await runCorrelationBench({
        space, spaceFile: resolve(args.file), dir, config, backend: args.backend, shouldStop: stop.requested,
        echo: args.quiet ? undefined : (e) => print(e, out),
    }).finally(stop.dispose);
    out(`bench directory: ${dir}`);
    if (outcome.status === 'stopped' || !outcome.analysis) return 130;
    const a = outcome.analysis;
    out(`SMASH score vs test error over ${a.all.smash.n}: Spearman ${a.all.smash.spearman.estimate.toFixed(3)}, Kendall ${a.all.smash.kendall.estimate.toFixed(3)}`
        + ` (params: Kendall ${a.all.params.kendall.estimate.toFixed(3)}, MACs: ${a.all.macs.kendall.estimate.toFixed(3)})`);
    if (a.topVsRandom) out(`top-${a.topVsRandom.k} mean error ${pct(a.topVsRandom.topMean)} vs random-${a.topVsRandom.k} ${pct(a.topVsRandom.randomMean)}`);
    out(`corrupted code: score ${(100 * a.corruption.meanDifference.estimate).toFixed(2)} points worse on average (${a.corruption.worse} worse, ${a.corruption.better} better of ${a.corruption.n})`);
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

function stopOnSignal(out: (line: string) => void): { requested: () => boolean; dispose: () => void } {
    let requested = false;
    const handler = (signal: NodeJS.Signals) => {
        if (requested) process.exit(130);
        requested = true;
        out(`${signal}: stopping after the current step (again to quit at once)`);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return { requested: () => requested, dispose: () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); } };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const eta = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);
let lastStep = 0;

/** One line per event worth one; train steps at most every 10 s. */
function print(e: RunEvent, out: (line: string) => void): void {
    switch (e.type) {
        case 'phase': return out(`== ${e.phase}${e.detail ? `: ${e.detail}` : ''}`);
        case 'log': return out(`${e.level === 'warning' ? 'warning: ' : ''}${e.message}`);
        case 'train-step':
            if (Date.now() - lastStep < 10_000) return;
            lastStep = Date.now();
            return out(`step ${e.step}/${e.steps}  loss ${e.loss.toFixed(3)}  acc ${pct(e.accuracy)}  ${e.imagesPerSecond.toFixed(1)} img/s  eta ${eta(e.eta)}`);
        case 'epoch': return out(`${e.phase === 'train' ? 'SMASH' : `retrain #${e.rank}`} epoch ${e.epoch + 1}/${e.epochs}  loss ${e.loss.toFixed(3)}  val acc ${pct(e.valAccuracy)}  (${e.seconds.toFixed(0)} s)`);
        case 'scored': return out(`scored ${e.index + 1}/${e.total}  score ${pct(e.score)}  best ${pct(e.best)}  ${(e.params / 1e3).toFixed(0)}k params  eta ${eta(e.eta)}`);
        case 'retrained': return out(`retrained #${e.rank} ${e.id}: test error ${pct(e.testError)} (${e.seconds.toFixed(0)} s)`);
        default: return;
    }
}
