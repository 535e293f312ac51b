/**
 * `smash search FILE` and `smash resume DIR`: run the engine in this process, print its progress,
 * and turn the first Ctrl-C (or SIGTERM) into a clean stop at the next step, with a checkpoint.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunEvent, RunOverrides, RunStatus } from '../shared/protocol.js';
import type { BackendChoice } from '../engine/backend.js';
import { createRunDir } from '../engine/run/run-dir.js';
import { checkFiles } from './documents.js';
import { formatRecord, toRecord } from './check.js';

/** Where the engine finds and caches the packaged Fashion-MNIST (`--data-package`, `--cache-dir`). */
export interface DataLocations {
    cacheDir?: string;
    dataPackageDir?: string;
}

export interface SearchArgs extends DataLocations {
    file: string;
    runDir?: string;
    runsRoot: string;
    backend: BackendChoice;
    overrides: RunOverrides;
    quiet: boolean;
    argv: string[];
    version: string;
}

/** Exit status of a run: 0 completed, 130 stopped (as after Ctrl-C), 1 failed. */
export function exitCode(status: RunStatus): number {
    return status === 'completed' ? 0 : status === 'stopped' ? 130 : 1;
}

export async function runSearch(args: SearchArgs, out: (line: string) => void): Promise<number> {
    const space = await checkedSpace(args.file, out);
    if (!space) return 1;
    const { startRun } = await import('../engine/pipeline.js');
    const runDir = args.runDir ?? createRunDir(resolve(args.runsRoot), space.name).dir;
    const stop = stopOnSignal(out);
    const status = await startRun({
        space,
        spaceFile: resolve(args.file),
        spaceText: await readFile(args.file, 'utf8'),
        runDir,
        backend: args.backend,
        overrides: args.overrides,
        command: args.argv,
        versions: { smash: args.version },
        cacheDir: args.cacheDir,
        dataPackageDir: args.dataPackageDir,
        shouldStop: stop.requested,
        echo: args.quiet ? undefined : (e) => print(e, out),
    }).finally(stop.dispose);
    out(`run directory: ${runDir}`);
    return exitCode(status);
}

export async function runResume(dir: string, backend: BackendChoice, quiet: boolean, data: DataLocations, out: (line: string) => void): Promise<number> {
    const { resumeRun } = await import('../engine/pipeline.js');
    const stop = stopOnSignal(out);
    const status = await resumeRun(dir, { backend, ...data, shouldStop: stop.requested, echo: quiet ? undefined : (e) => print(e, out) })
        .finally(stop.dispose);
    out(`run directory: ${dir}`);
    return exitCode(status);
}

export interface RetrainArgs {
    file: string;
    arch: string;
    runDir?: string;
    runsRoot: string;
    backend: BackendChoice;
    epochs?: number;
    quiet: boolean;
}

export async function runRetrain(args: RetrainArgs, out: (line: string) => void): Promise<number> {
    const space = await checkedSpace(args.file, out);
    if (!space) return 1;
    const { readArchitectureFile, retrainOne } = await import('../engine/standalone.js');
    const architecture = readArchitectureFile(args.arch);
    const runDir = args.runDir ?? createRunDir(resolve(args.runsRoot), `${space.name}-retrain`).dir;
    const stop = stopOnSignal(out);
    const result = await retrainOne({
        space: { ...space, retrain: { ...space.retrain, epochs: args.epochs ?? space.retrain.epochs } },
        spaceFile: resolve(args.file), architecture, runDir, backend: args.backend, shouldStop: stop.requested,
        echo: args.quiet ? undefined : (e) => print(e, out),
    }).finally(stop.dispose);
    out(`run directory: ${runDir}`);
    return exitCode(result.status);
}

export async function runEvaluate(dir: string, arch: string, backend: BackendChoice, out: (line: string) => void): Promise<number> {
    const { readArchitectureFile, scoreWithRun } = await import('../engine/standalone.js');
    const result = await scoreWithRun(dir, readArchitectureFile(arch), backend);
    out(`${result.id}: SMASH score ${pct(result.score)} validation error (loss ${result.loss.toFixed(4)})`);
    return 0;
}

/** The compiled space of a file without errors; otherwise prints the errors and returns undefined. */
async function checkedSpace(file: string, out: (line: string) => void) {
    const [checked] = await checkFiles([file]);
    const errors = checked!.diagnostics.filter((d) => d.severity === 1);
    if (checked!.space && errors.length === 0) return checked!.space;
    for (const d of errors) out(formatRecord(toRecord(file, d)));
    process.stderr.write(`smash: ${file} has errors; fix them first\n`);
    return undefined;
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
    return {
        requested: () => requested,
        dispose: () => {
            process.off('SIGINT', handler);
            process.off('SIGTERM', handler);
        },
    };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const eta = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

/** One line per event worth a line; train steps at most every 10 s. */
function print(e: RunEvent, out: (line: string) => void): void {
    switch (e.type) {
        case 'run-start': return out(`${e.resumed ? 'resuming' : 'starting'} ${e.manifest.name} (seed ${e.manifest.seed})`);
        case 'phase': return out(`== ${e.phase}`);
        case 'log': return out(`${e.level === 'warning' ? 'warning: ' : ''}${e.message}`);
        case 'train-step':
            if (shouldPrintStep()) out(`step ${e.step}/${e.steps}  loss ${e.loss.toFixed(3)}  acc ${pct(e.accuracy)}  lr ${e.lr.toExponential(2)}  ${e.imagesPerSecond.toFixed(1)} img/s  eta ${eta(e.eta)}`);
            return;
        case 'epoch': return out(`${e.phase}${e.rank ? ` #${e.rank}` : ''} epoch ${e.epoch + 1}/${e.epochs}  loss ${e.loss.toFixed(3)}  val acc ${pct(e.valAccuracy)}  (${e.seconds.toFixed(0)} s, eta ${eta(e.eta)})`);
        case 'scored': return out(`${e.stage} ${e.index + 1}  score ${pct(e.score)}  best ${pct(e.best)}  ${(e.params / 1e3).toFixed(0)}k params  eta ${eta(e.eta)}`);
        case 'retrained': return out(`retrained #${e.rank} ${e.id}: test error ${pct(e.testError)} (${e.seconds.toFixed(0)} s)`);
        case 'run-end': return out(`run ${e.status}${e.message ? `: ${e.message}` : ''}`);
        case 'checkpoint': return;
    }
}

let lastStepLine = 0;
function shouldPrintStep(): boolean {
    const now = Date.now();
    if (now - lastStepLine < 10_000) return false;
    lastStepLine = now;
    return true;
}

export const DEFAULT_RUNS_ROOT = join('.smash', 'runs');
