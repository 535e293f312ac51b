/**
 * `smash search FILE` and `smash resume DIR`: run the engine in this process, print its progress,
 * and turn the first Ctrl-C (or SIGTERM) into a clean stop at the next step, with a checkpoint.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunOverrides, RunStatus } from '../shared/protocol.js';
import type { BackendChoice } from '../engine/backend/backend.js';
import { createRunDir } from '../engine/run/run-dir.js';
import { checkedSpace, pct, printEvent, stopOnSignal } from './progress.js';

/** Where the engine finds and caches the packaged Fashion-MNIST (`--data-package`, `--cache-dir`). */
export interface DataLocations {
    cacheDir?: string;
    dataPackageDir?: string;
}

export interface SearchArgs extends DataLocations {
    workers: number;
    /** Networks retrained at once; default: twice the cores. */
    parallel?: number;
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
    const { startRun } = await import('../engine/train/pipeline.js');
    const runDir = args.runDir ?? createRunDir(resolve(args.runsRoot), space.name).dir;
    const stop = stopOnSignal(out);
    const status = await startRun({
        space,
        spaceFile: resolve(args.file),
        spaceText: await readFile(args.file, 'utf8'),
        runDir,
        backend: args.backend,
        overrides: args.overrides,
        workers: args.workers,
        parallel: args.parallel,
        command: args.argv,
        versions: { smash: args.version },
        cacheDir: args.cacheDir,
        dataPackageDir: args.dataPackageDir,
        shouldStop: stop.requested,
        echo: args.quiet ? undefined : (e) => printEvent(e, out),
    }).finally(stop.dispose);
    out(`run directory: ${runDir}`);
    return exitCode(status);
}

export async function runResume(dir: string, backend: BackendChoice, quiet: boolean, data: DataLocations, out: (line: string) => void): Promise<number> {
    const { resumeRun } = await import('../engine/train/pipeline.js');
    const stop = stopOnSignal(out);
    const status = await resumeRun(dir, { backend, ...data, shouldStop: stop.requested, echo: quiet ? undefined : (e) => printEvent(e, out) })
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
    /** Seed of the initialisation and batch order; the data split keeps the space's seed. */
    seed?: number;
    quiet: boolean;
}

export async function runRetrain(args: RetrainArgs, out: (line: string) => void): Promise<number> {
    const space = await checkedSpace(args.file, out);
    if (!space) return 1;
    const { readArchitectureFile, retrainOne } = await import('../engine/train/standalone.js');
    const architecture = readArchitectureFile(args.arch);
    const runDir = args.runDir ?? createRunDir(resolve(args.runsRoot), `${space.name}-retrain`).dir;
    const stop = stopOnSignal(out);
    const result = await retrainOne({
        space: { ...space, retrain: { ...space.retrain, epochs: args.epochs ?? space.retrain.epochs } },
        spaceFile: resolve(args.file), architecture, runDir, backend: args.backend, seed: args.seed, shouldStop: stop.requested,
        echo: args.quiet ? undefined : (e) => printEvent(e, out),
    }).finally(stop.dispose);
    out(`run directory: ${runDir}`);
    return exitCode(result.status);
}

export async function runEvaluate(dir: string, arch: string, backend: BackendChoice, out: (line: string) => void): Promise<number> {
    const { readArchitectureFile, scoreWithRun } = await import('../engine/train/standalone.js');
    const result = await scoreWithRun(dir, readArchitectureFile(arch), backend);
    out(`${result.id}: SMASH score ${pct(result.score)} validation error (loss ${result.loss.toFixed(4)})`);
    return 0;
}

export const DEFAULT_RUNS_ROOT = join('.smash', 'runs');
