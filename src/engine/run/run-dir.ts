/**
 * Where a run keeps its files. A run directory holds everything needed to follow, resume, inspect
 * or re-evaluate it; the protocol's RUN_FILES names the ones other programs read.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../shared/protocol.js';

export interface RunPaths {
    dir: string;
    manifest: string;
    events: string;
    results: string;
    spaceSnapshot: string;
    /** The compiled space the run uses (sizes overridden), so that resuming needs no parser. */
    space: string;
    /** Normalisation statistics of the training split. */
    data: string;
    ranking: string;
    smashCheckpoint: string;
    /** A retraining's checkpoint; one with its own seed keeps its own file, so seeds never resume each other. */
    retrainCheckpoint(id: string, seed?: number): string;
}

export function runPaths(dir: string): RunPaths {
    const checkpoints = join(dir, RUN_FILES.checkpoint);
    return {
        dir,
        manifest: join(dir, RUN_FILES.manifest),
        events: join(dir, RUN_FILES.events),
        results: join(dir, RUN_FILES.results),
        spaceSnapshot: join(dir, RUN_FILES.spaceSnapshot),
        space: join(dir, 'space.json'),
        data: join(dir, 'data.json'),
        ranking: join(dir, 'ranking.json'),
        smashCheckpoint: join(checkpoints, 'smash.bin'),
        retrainCheckpoint: (id, seed) => join(checkpoints, seed === undefined ? `retrain-${id}.bin` : `retrain-${id}-seed${seed}.bin`),
    };
}

/** A new directory `<root>/<yyyymmdd-hhmmss>-<name>`, with a suffix if that exists already. */
export function createRunDir(root: string, name: string, now = new Date()): RunPaths {
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
    const safe = name.replace(/[^\w.-]+/g, '_');
    let dir = join(root, `${stamp}-${safe}`);
    for (let i = 2; existsSync(dir); i++) dir = join(root, `${stamp}-${safe}-${i}`);
    return prepareRunDir(dir);
}

/** Uses `dir` as the run directory, creating it and its checkpoint folder. */
export function prepareRunDir(dir: string): RunPaths {
    mkdirSync(join(dir, RUN_FILES.checkpoint), { recursive: true });
    return runPaths(dir);
}
