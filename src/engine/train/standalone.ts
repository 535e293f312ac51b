/**
 * One exported architecture, outside a search: retrain it from scratch on its space's data, or
 * score it with the HyperNet of a finished run. The JSON is checked against the space first, so a
 * hand-edited or stale export gives an error naming the bad field rather than a broken network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunStatus } from '../../shared/protocol.js';
import { architectureId } from '../space/architecture.js';
import { validateArchitecture } from '../space/architecture-validate.js';
import { selectBackend, type BackendChoice } from '../backend/backend.js';
import { computeNormalization } from '../data/normalize.js';
import { prepareData, RunInputError } from './pipeline.js';
import { scoreArchitecture, scoreNoise } from './rank.js';
import { retrainArchitecture } from './retrain.js';
import { writeJsonAtomic } from '../run/atomic.js';
import { loadCheckpoint } from '../run/checkpoint.js';
import { EventLog } from '../run/event-log.js';
import { prepareRunDir, runPaths } from '../run/run-dir.js';
import { SmashModel } from '../model/smash-model.js';
import type { SearchSpace } from '../space/space.js';

/** An exported architecture file: `{ architecture, ... }` as `smash export` writes it, or a bare architecture. */
export function readArchitectureFile(path: string): unknown {
    let value: unknown;
    try {
        value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new RunInputError(`${path}: not a readable architecture JSON file (${(error as Error).message})`);
    }
    return value && typeof value === 'object' && 'architecture' in value ? (value as { architecture: unknown }).architecture : value;
}

export interface RetrainOneOptions {
    space: SearchSpace;
    spaceFile: string;
    architecture: unknown;
    runDir: string;
    backend: BackendChoice;
    /**
     * Seed of the initialisation and batch order (default: the space's). The split always comes
     * from the space's seed, so two seeds differ as two retrainings of the benchmark do, not also
     * in their images.
     */
    seed?: number;
    shouldStop: () => boolean;
    echo?: (event: RunEvent) => void;
}

export async function retrainOne(options: RetrainOneOptions): Promise<{ status: RunStatus; testError: number; valError: number }> {
    const { space } = options;
    const arch = validateArchitecture(space, options.architecture);
    const id = architectureId(arch);
    await selectBackend(options.backend);
    const paths = prepareRunDir(options.runDir);
    const log = new EventLog(paths.events, options.echo);
    try {
        log.emit({ type: 'phase', phase: 'data' });
        const split = await prepareData(space, options.spaceFile, undefined, log);
        const normalization = computeNormalization(split.train);
        log.emit({ type: 'phase', phase: 'retrain' });
        const seed = options.seed ?? space.seed;
        const result = await retrainArchitecture(space, arch, {
            seed, rank: 1, id, split, normalization, log, shouldStop: options.shouldStop,
            checkpointPath: paths.retrainCheckpoint(id, options.seed), remainingAfter: () => 0,
        });
        if (result.outcome === 'stopped') {
            log.emit({ type: 'run-end', status: 'stopped' });
            return { status: 'stopped', testError: NaN, valError: NaN };
        }
        log.emit({ type: 'retrained', rank: 1, id, testError: result.testError, valError: result.valError, seconds: result.seconds });
        writeJsonAtomic(join(paths.dir, 'retrained.json'), { id, epochs: space.retrain.epochs, seed, ...result, architecture: arch });
        log.emit({ type: 'run-end', status: 'completed' });
        return { status: 'completed', testError: result.testError, valError: result.valError };
    } finally {
        log.close();
    }
}

/** The SMASH score of an architecture under the HyperNet a run trained. */
export async function scoreWithRun(runDir: string, architecture: unknown, backend: BackendChoice): Promise<{ id: string; score: number; loss: number }> {
    const paths = runPaths(runDir);
    if (!existsSync(paths.space)) throw new RunInputError(`${runDir} is not a SMASH run directory (no space.json)`);
    const space = JSON.parse(readFileSync(paths.space, 'utf8')) as SearchSpace;
    const arch = validateArchitecture(space, architecture);
    const saved = loadCheckpoint(paths.smashCheckpoint);
    if (!saved) throw new RunInputError(`${runDir} has no trained SMASH network yet (no checkpoint/smash.bin)`);
    await selectBackend(backend);
    const manifest = JSON.parse(readFileSync(paths.manifest, 'utf8')) as { spaceFile: string };
    const log = new EventLog(join(paths.dir, 'evaluate.jsonl'));
    try {
        const split = await prepareData(space, manifest.spaceFile, undefined, log);
        const model = new SmashModel(space, space.seed);
        model.restore(saved.arrays);
        const id = architectureId(arch);
        const result = await scoreArchitecture(model, arch, scoreNoise(space.seed, id), { split, normalization: computeNormalization(split.train) });
        return { id, score: result.error, loss: result.loss };
    } finally {
        log.close();
    }
}
