/**
 * A correlation benchmark's directory (default `.smash/bench/correlation-<space>`): bench.json,
 * rewritten atomically after every scored batch and every retrained architecture so that a killed
 * benchmark continues where it was, events.jsonl, and checkpoint/ for the SMASH network and the
 * retraining in progress. Wall time is summed over the sessions that worked on it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import type { BackendInfo, SmashValidation } from '../../shared/protocol.js';
import type { Architecture } from '../space/architecture.js';
import { canonicalJson } from '../space/architecture.js';
import { writeJsonAtomic } from '../run/atomic.js';
import { runPaths } from '../run/run-dir.js';
import type { PoolEntry, Retrained } from './analysis.js';
import type { BenchConfig } from './config.js';
import type { Selection } from './select.js';

export interface Machine {
    cpu: string;
    cores: number;
    memoryGiB: number;
    os: string;
    node: string;
}

export type BenchPhase = 'smash' | 'scoring' | 'retraining';

/**
 * The state format. 2: every network retrained with two seeds (`retrained` holds one result per
 * seed); version 1 states (one retraining per network) cannot be continued.
 */
export const BENCH_STATE_VERSION = 2;

export interface BenchState {
    version: typeof BENCH_STATE_VERSION;
    name: string;
    spaceFile: string;
    config: BenchConfig;
    backend: BackendInfo;
    machine: Machine;
    tfjs: string;
    startedAt: string;
    finishedAt?: string;
    /** Wall-clock seconds per phase and in total, over every session. */
    seconds: Record<BenchPhase | 'total', number>;
    /** The SMASH network's last validation accuracy beside chance, once it is trained. */
    smashValidation?: SmashValidation;
    /** The next pool draw index (duplicates of an architecture already in the pool are skipped). */
    drawn: number;
    pool: Array<PoolEntry & { architecture: Architecture }>;
    selection?: Selection;
    /** Per network id, its retrainings in the order of `retrainSeeds` (one per finished seed). */
    retrained: Record<string, Retrained[]>;
    status: 'running' | 'stopped' | 'completed';
}

export class BenchInputError extends Error {}

/** A benchmark directory: its own state and events, and checkpoints laid out as a run's. */
export function benchPaths(dir: string) {
    const run = runPaths(dir);
    return {
        dir,
        state: join(dir, 'bench.json'),
        events: join(dir, 'events.jsonl'),
        smashCheckpoint: run.smashCheckpoint,
        retrainCheckpoint: (id: string, seed: number) => run.retrainCheckpoint(id, seed),
    };
}

export function describeMachine(): Machine {
    const list = cpus();
    return {
        cpu: list[0]?.model.trim() ?? 'unknown',
        cores: list.length,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        os: `${osType()} ${release()}`,
        node: process.version,
    };
}

/**
 * The saved state of `dir`, or undefined for a new benchmark; refuses one of another format
 * version or made with another configuration.
 */
export function loadState(dir: string, config: BenchConfig, name: string): BenchState | undefined {
    const path = benchPaths(dir).state;
    if (!existsSync(path)) return undefined;
    let state: BenchState;
    try {
        state = JSON.parse(readFileSync(path, 'utf8')) as BenchState;
    } catch (error) {
        throw new BenchInputError(`${path}: not a benchmark state (${(error as Error).message}); start a new output folder with --dir`);
    }
    if (state.version !== BENCH_STATE_VERSION) {
        throw new BenchInputError(`${path} is a benchmark state of version ${String(state.version)}, this smash continues only version `
            + `${BENCH_STATE_VERSION} (two seeds per network); start a new output folder with --dir`);
    }
    // States from before the setting retrained one network at a time.
    state.config.parallel ??= 1;
    if (state.name !== name || canonicalJson(state.config) !== canonicalJson(config)) {
        throw new BenchInputError(`${dir} holds a benchmark of ${state.name} with ${canonicalJson(state.config)}; `
            + `run with the same space and flags to continue it, or choose another --dir`);
    }
    return state;
}

export function saveState(dir: string, state: BenchState): void {
    mkdirSync(join(dir, 'checkpoint'), { recursive: true });
    writeJsonAtomic(benchPaths(dir).state, state);
}

/** Adds the wall time since the last call to a phase and to the total. */
export function phaseClock(state: BenchState): (phase: BenchPhase) => void {
    let last = performance.now();
    return (phase) => {
        const now = performance.now();
        const seconds = (now - last) / 1000;
        last = now;
        state.seconds[phase] += seconds;
        state.seconds.total += seconds;
    };
}
