/**
 * The correlation benchmark (issues 6 and 9; spec §6.3 and §11 claims 1, 2 and 4): train the
 * SMASH network, score K random architectures with their true code and with a corrupted one,
 * retrain M of them evenly spread over the score range plus the k best-scored and k random ones,
 * each from scratch with the same budget on the same split and with two seeds, and measure first
 * how well the two seeds agree, then how well the score orders the seed means.
 * Everything is resumable: run it again with the same configuration and it continues, also after a
 * kill in the middle of a retraining (from that retraining's last epoch checkpoint).
 */
import { availableParallelism } from 'node:os';
import type { RunEvent } from '../../shared/protocol.js';
import { architectureId } from '../space/architecture.js';
import { selectBackend, type BackendChoice } from '../backend/backend.js';
import { countMacs, countParams } from '../space/cost.js';
import { computeNormalization } from '../data/normalize.js';
import { encodeArchitecture } from '../space/encoding.js';
import { prepareData } from '../train/pipeline.js';
import { Random } from '../random.js';
import { scoreArchitecture, scoreNoise } from '../train/rank.js';
import { scoredAccuracy, smashValidation } from '../train/results.js';
import { measureOpUse } from '../train/op-use.js';
import { retrainParallelism, retrainQueue, wantedParallelism } from '../train/retrain-queue.js';
import { Estimator } from '../train/run-plan.js';
import { EventLog, readEvents } from '../run/event-log.js';
import { sampleArchitecture } from '../space/sampler.js';
import { SmashModel } from '../model/smash-model.js';
import type { SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';
import { trainSmash } from '../train/train.js';
import { analyse, type BenchAnalysis } from './analysis.js';
import { benchSpace, retrainSeeds, type BenchConfig } from './config.js';
import { corruptEncoding, scoreWithCode, scoreWithRandomWeights } from './corrupt.js';
import { evenlySpread, randomK, retrainOrder, topK, type Selection } from './select.js';
import { BENCH_STATE_VERSION, benchPaths, describeMachine, loadState, phaseClock, saveState, type BenchState } from './state.js';

export interface BenchOptions {
    /** The compiled space, before the benchmark's sizes are applied. */
    space: SearchSpace;
    spaceFile: string;
    dir: string;
    config: BenchConfig;
    backend: BackendChoice;
    cacheDir?: string;
    shouldStop: () => boolean;
    echo?: (event: RunEvent) => void;
}

export interface BenchOutcome {
    status: 'completed' | 'stopped';
    state: BenchState;
    analysis?: BenchAnalysis;
}

/** Pool draws tried per wanted architecture before accepting a smaller pool (tiny spaces repeat). */
const DRAWS_PER_CANDIDATE = 20;

export async function runCorrelationBench(options: BenchOptions): Promise<BenchOutcome> {
    const { config, dir } = options;
    const space = benchSpace(options.space, config);
    const backend = await selectBackend(options.backend);
    const paths = benchPaths(dir);
    const state: BenchState = loadState(dir, config, space.name) ?? {
        version: BENCH_STATE_VERSION, name: space.name, spaceFile: options.spaceFile, config, backend: { ...backend }, machine: describeMachine(),
        tfjs: tf.version.tfjs, startedAt: new Date().toISOString(), seconds: { smash: 0, scoring: 0, retraining: 0, total: 0 },
        drawn: 0, pool: [], retrained: {}, status: 'running',
    };
    saveState(dir, state);
    // Running a finished benchmark again only rebuilds its report: that time is not the benchmark's.
    const tick = state.status === 'completed' ? () => undefined : phaseClock(state);
    const log = new EventLog(paths.events, options.echo);
    const stopped = (): BenchOutcome => {
        state.status = 'stopped';
        saveState(dir, state);
        log.emit({ type: 'log', level: 'info', message: `stopped; run the same command again to continue (${dir})` });
        return { status: 'stopped', state };
    };
    try {
        log.emit({ type: 'log', level: 'info', message: `correlation benchmark of ${space.name}: ${JSON.stringify(config)}; backend ${backend.name}` });
        if (reportReady(state)) {
            log.emit({ type: 'log', level: 'info', message: `already finished: the report is rebuilt from ${paths.state} without training or scoring` });
            return { status: 'completed', state, analysis: analyseState(state, state.selection) };
        }
        log.emit({ type: 'phase', phase: 'data' });
        const split = await prepareData(space, options.spaceFile, options.cacheDir, log);
        const data = { split, normalization: computeNormalization(split.train) };
        const common = { seed: config.seed, ...data, log, shouldStop: options.shouldStop, workers: config.workers };

        log.emit({ type: 'phase', phase: 'train', detail: 'SMASH network' });
        const model = new SmashModel(space, config.seed);
        const trained = await trainSmash(model, { ...common, checkpointPath: paths.smashCheckpoint, remainingAfter: () => 0 });
        tick('smash');
        if (trained === 'stopped') return stopped();
        state.smashValidation ??= smashValidation(readEvents(paths.events), space.classes);

        log.emit({ type: 'phase', phase: 'rank', detail: `${config.candidates} random architectures, true and corrupted code` });
        if (await scorePool(model, space, state, { ...common, dir, tick }) === 'stopped') return stopped();
        if (await scoreRandomWeights(model, state, { ...common, dir, tick }) === 'stopped') return stopped();
        if (state.smashValidation && !state.smashValidation.opUse) {
            state.smashValidation.opUse = await measureOpUse(model, state.pool, common);
            saveState(dir, state);
        }
        // Every candidate was drawn at random; a state written before this figure gets it from its scores.
        if (state.smashValidation) state.smashValidation.scored ??= scoredAccuracy(state.pool.map((e) => e.score));

        const pool = state.pool;
        state.selection ??= {
            spread: evenlySpread(pool, config.spread).map((e) => e.id),
            top: topK(pool, config.k).map((e) => e.id),
            random: randomK(pool, config.k, new Random(`${config.seed}:bench:random-k`)).map((e) => e.id),
        };
        saveState(dir, state);

        const seeds = retrainSeeds(config);
        log.emit({ type: 'phase', phase: 'retrain', detail: `spread set, top-k and random-k, seeds ${seeds.join(' and ')}` });
        // Both seeds of a network one after the other, so a partial benchmark already has pairs.
        const order = retrainOrder(state.selection);
        const byId = new Map(pool.map((e) => [e.id, e]));
        const jobs = order.flatMap((id, i) => seeds.map((seed) => ({
            rank: i + 1, id, seed, architecture: byId.get(id)!.architecture, checkpointPath: paths.retrainCheckpoint(id, seed),
        }))).filter((job) => !state.retrained[job.id]?.some((r) => r.seed === job.seed));
        const parallel = retrainParallelism(backend.name, wantedParallelism(config.parallel));
        const estimate = new Estimator(space, split, Math.min(parallel, availableParallelism()));
        const retraining = await retrainQueue(space, jobs, {
            ...common, backend: backend.name, parallel,
            stepsAfter: (networksLeft) => estimate.stepsAfterRetraining(networksLeft),
            onRetrained: (job, result) => {
                tick('retraining');
                const runs = [...(state.retrained[job.id] ?? []), { seed: job.seed, testError: result.testError, valError: result.valError, seconds: result.seconds }];
                // Side by side, a network's second seed may end first; the list stays in seed order.
                state.retrained[job.id] = runs.sort((a, b) => a.seed - b.seed);
                log.emit({ type: 'retrained', rank: job.rank, id: job.id, testError: result.testError, valError: result.valError, seconds: result.seconds });
                saveState(dir, state);
            },
        });
        tick('retraining');
        if (retraining === 'stopped') return stopped();
        state.status = 'completed';
        state.finishedAt ??= new Date().toISOString();
        saveState(dir, state);
        log.emit({ type: 'phase', phase: 'done' });
        return { status: 'completed', state, analysis: analyseState(state, state.selection) };
    } finally {
        log.close();
    }
}

/**
 * Whether a finished benchmark's state holds every figure of its report (a state written before
 * some figure was added needs the SMASH network again to compute it).
 */
function reportReady(state: BenchState): state is BenchState & { selection: Selection } {
    return state.status === 'completed' && state.selection !== undefined && state.smashValidation?.opUse !== undefined
        && state.smashValidation.scored !== undefined && state.pool.every((e) => e.randomWeightsScore !== undefined);
}

function analyseState(state: BenchState, selection: Selection): BenchAnalysis {
    const { config } = state;
    return analyse(state.pool, selection, new Map(Object.entries(state.retrained)), retrainSeeds(config), config.seed, config.resamples);
}

interface ScoreContext {
    split: Parameters<typeof scoreArchitecture>[3]['split'];
    normalization: Parameters<typeof scoreArchitecture>[3]['normalization'];
    log: EventLog;
    shouldStop: () => boolean;
    dir: string;
    tick: (phase: 'scoring') => void;
}

/** Fills the pool up to K distinct architectures, each scored with its true code and a corrupted one. */
async function scorePool(model: SmashModel, space: SearchSpace, state: BenchState, c: ScoreContext): Promise<'completed' | 'stopped'> {
    const { config } = state;
    const seen = new Set(state.pool.map((e) => e.id));
    const started = performance.now();
    let fresh = 0;
    while (state.pool.length < config.candidates && state.drawn < config.candidates * DRAWS_PER_CANDIDATE) {
        if (c.shouldStop()) {
            saveState(c.dir, state);
            return 'stopped';
        }
        const arch = sampleArchitecture(space, new Random(`${config.seed}:bench:pool:${state.drawn}`));
        const index = state.drawn++;
        const id = architectureId(arch);
        if (seen.has(id)) continue;
        seen.add(id);
        const noise = () => scoreNoise(config.seed, id);
        const code = encodeArchitecture(space, arch);
        const truth = await scoreArchitecture(model, arch, noise(), c);
        const corrupted = corruptEncoding(space, code, new Random(`${config.seed}:bench:corrupt:${id}`));
        const lie = await scoreWithCode(model, arch, corrupted, noise(), c);
        const entry = {
            id, index, score: truth.error, loss: truth.loss, corruptedScore: lie.error,
            params: countParams(space, arch), macs: countMacs(space, arch), architecture: arch,
        };
        state.pool.push(entry);
        fresh++;
        const perScore = (performance.now() - started) / 1000 / fresh;
        c.log.emit({
            type: 'scored', stage: 'random', index: state.pool.length - 1, total: config.candidates, id, score: entry.score,
            params: entry.params, macs: entry.macs, best: Math.min(...state.pool.map((e) => e.score)),
            eta: (config.candidates - state.pool.length) * perScore,
        });
        c.tick('scoring');
        if (fresh % 5 === 0) saveState(c.dir, state);
        await new Promise((resolve) => setImmediate(resolve));
    }
    if (state.pool.length < config.candidates) {
        c.log.emit({ type: 'log', level: 'warning', message: `only ${state.pool.length} distinct architectures in ${state.drawn} draws; the pool is smaller than K = ${config.candidates}` });
    }
    c.tick('scoring');
    saveState(c.dir, state);
    return 'completed';
}

/** Scores every pool architecture without a random-weights score (all of them, or those of a state from before the test). */
async function scoreRandomWeights(model: SmashModel, state: BenchState, c: ScoreContext): Promise<'completed' | 'stopped'> {
    let fresh = 0;
    for (const entry of state.pool) {
        if (entry.randomWeightsScore !== undefined) continue;
        if (c.shouldStop()) {
            saveState(c.dir, state);
            return 'stopped';
        }
        const scored = await scoreWithRandomWeights(model, entry.architecture, new Random(`${state.config.seed}:bench:random-weights:${entry.id}`), c);
        entry.randomWeightsScore = scored.error;
        c.tick('scoring');
        if (++fresh % 5 === 0) saveState(c.dir, state);
    }
    if (fresh > 0) {
        const worse = state.pool.filter((e) => e.randomWeightsScore! > e.score).length;
        c.log.emit({ type: 'log', level: 'info', message: `random 1x1 weights scored worse than the generated ones for ${worse} of ${state.pool.length} architectures` });
    }
    saveState(c.dir, state);
    return 'completed';
}
