/**
 * Ranking (spec 5.3): the SMASH score of an architecture is its validation error with weights the
 * HyperNet generates for it (one z draw), BN in inference mode. Score random architectures, then
 * perturbations of the best of them, then hill-climb: perturb the current best and keep the
 * candidate when it scores lower. Scores are saved as they come, so a stopped ranking resumes
 * where it was; every draw is named by (seed, stage, index), so the resumed ranking is identical.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { SearchStage } from '../../shared/protocol.js';
import type { Architecture } from '../space/architecture.js';
import { architectureId } from '../space/architecture.js';
import { countMacs, countParams } from '../space/cost.js';
import type { Normalization } from '../data/normalize.js';
import type { DataSplit } from '../data/split.js';
import { perturbArchitecture } from '../space/perturb.js';
import { Random } from '../random.js';
import { writeJsonAtomic } from '../run/atomic.js';
import type { EventLog } from '../run/event-log.js';
import { randomStageDraw } from '../space/sample-space.js';
import type { SmashModel } from '../model/smash-model.js';
import { tf } from '../backend/tf.js';

export interface ScoredArchitecture {
    stage: SearchStage;
    /** Position within its stage. */
    index: number;
    id: string;
    /** Validation error with generated weights, a fraction. */
    score: number;
    loss: number;
    params: number;
    macs: number;
    architecture: Architecture;
}

export interface RankOptions {
    seed: number;
    split: DataSplit;
    normalization: Normalization;
    statePath: string;
    log: EventLog;
    shouldStop: () => boolean;
    /** Seconds the run will take after ranking, given the seconds one scoring takes. */
    remainingAfter: (secondsPerScore: number) => number;
}

/** The noise z of an architecture's score: one draw per network, the same whenever it is scored again. */
export function scoreNoise(seed: number, id: string): Random {
    return new Random(`${seed}:rank:z:${id}`);
}

/** Scores one architecture on the validation split; `muted`: with its ops' outputs zeroed (op-use.ts). */
export async function scoreArchitecture(model: SmashModel, arch: Architecture, noise: Random, options: Pick<RankOptions, 'split' | 'normalization'>, muted = false) {
    const matrix = tf.tidy(() => model.weightsFor(arch, noise));
    try {
        return await model.evaluate(arch, matrix, options, muted);
    } finally {
        matrix.dispose();
    }
}

export async function rankArchitectures(model: SmashModel, options: RankOptions): Promise<{ outcome: 'completed' | 'stopped'; scored: ScoredArchitecture[] }> {
    const { space } = model;
    const { search } = space;
    const streams = `${options.seed}:rank`;
    const scored: ScoredArchitecture[] = existsSync(options.statePath)
        ? (JSON.parse(readFileSync(options.statePath, 'utf8')) as { scored: ScoredArchitecture[] }).scored
        : [];
    const done = new Map(scored.map((s) => [`${s.stage}:${s.index}`, s]));
    const byId = new Map(scored.map((s) => [s.id, s]));
    const total = search.random + search.perturb + search.hillclimb;
    const started = performance.now();
    let fresh = 0;

    const score = async (stage: SearchStage, index: number, arch: Architecture): Promise<ScoredArchitecture> => {
        const previous = done.get(`${stage}:${index}`);
        if (previous) return previous;
        const id = architectureId(arch);
        // The same network drawn twice is scored once: its score would only differ by the z draw.
        const known = byId.get(id);
        const result = known
            ? { ...known, stage, index }
            : {
                stage, index, id, architecture: arch,
                ...pick(await scoreArchitecture(model, arch, scoreNoise(options.seed, id), options)),
                params: countParams(space, arch), macs: countMacs(space, arch),
            };
        fresh++;
        scored.push(result);
        done.set(`${stage}:${index}`, result);
        byId.set(id, result);
        const secondsPerScore = (performance.now() - started) / 1000 / fresh;
        const best = Math.min(...scored.map((s) => s.score));
        options.log.emit({
            type: 'scored', stage, index: scored.length - 1, total, id, score: result.score, params: result.params, macs: result.macs, best,
            eta: (total - scored.length) * secondsPerScore + options.remainingAfter(secondsPerScore),
        });
        if (fresh % 10 === 0) save(options.statePath, scored);
        return result;
    };

    const stages: Array<[SearchStage, number, (i: number, best: ScoredArchitecture | undefined) => Architecture]> = [
        ['random', search.random, (i) => randomStageDraw(space, options.seed, i)],
        ['perturb', search.perturb, (i, best) => perturbArchitecture(space, best!.architecture, new Random(`${streams}:perturb:${i}`), search.perturbProb)],
        ['hillclimb', search.hillclimb, (i, best) => perturbArchitecture(space, best!.architecture, new Random(`${streams}:hillclimb:${i}`), search.perturbProb)],
    ];
    let best: ScoredArchitecture | undefined;
    for (const [stage, count, draw] of stages) {
        // Perturbation starts from the best random architecture; hill-climbing from the best so far,
        // replacing it only by candidates that score lower.
        if (stage === 'perturb') best = bestOf(scored.filter((s) => s.stage === 'random'));
        if (stage === 'hillclimb') best = bestOf(scored);
        if (!best && stage !== 'random') break;
        for (let i = 0; i < count; i++) {
            if (options.shouldStop()) {
                save(options.statePath, scored);
                return { outcome: 'stopped', scored };
            }
            const result = await score(stage, i, draw(i, best));
            if (stage === 'hillclimb' && result.score < best!.score) best = result;
            await new Promise((resolve) => setImmediate(resolve));
        }
    }
    save(options.statePath, scored);
    return { outcome: 'completed', scored };
}

/** Distinct architectures, best (lowest score) first; ties keep the order they were found in. */
export function rankDistinct<T extends Pick<ScoredArchitecture, 'id' | 'score'>>(scored: T[]): T[] {
    const seen = new Set<string>();
    return scored
        .map((s, order) => ({ s, order }))
        .sort((a, b) => a.s.score - b.s.score || a.order - b.order)
        .map(({ s }) => s)
        .filter((s) => !seen.has(s.id) && seen.add(s.id));
}

function bestOf(list: ScoredArchitecture[]): ScoredArchitecture | undefined {
    return rankDistinct(list)[0];
}

function pick(result: { error: number; loss: number }): { score: number; loss: number } {
    return { score: result.error, loss: result.loss };
}

function save(path: string, scored: ScoredArchitecture[]): void {
    writeJsonAtomic(path, { scored });
}
