/**
 * What a search draws from a space before anything is trained. The random stage of ranking draws
 * its i-th architecture from the stream `<seed>:rank:random:<i>` with every kernel unlocked
 * (progress 1). rank.ts, `smash sample` and the editor's preview all draw through randomStageDraw,
 * so the architectures a user previews with a seed are exactly those a search with that seed scores.
 */
import type { Architecture } from './architecture.js';
import { architectureId } from './architecture.js';
import { countMacs, countParams } from './cost.js';
import { Random } from '../random.js';
import { sampleArchitecture } from './sampler.js';
import type { SearchSpace } from './space.js';

/** The i-th architecture of the random stage of a search with this seed. */
export function randomStageDraw(space: SearchSpace, seed: number, index: number): Architecture {
    return sampleArchitecture(space, new Random(`${seed}:rank:random:${index}`));
}

export interface SampledArchitecture {
    /** Position in the random stage, from 0. */
    index: number;
    /** architectureId: equal ids are the same network (a space can draw one network twice). */
    id: string;
    /** Parameters and multiply-accumulates per image of the network trained from scratch (cost.ts). */
    params: number;
    macs: number;
    architecture: Architecture;
}

/** The first `count` architectures of the random stage, with what they cost. */
export function sampleSpace(space: SearchSpace, seed: number, count: number): SampledArchitecture[] {
    if (!(Number.isSafeInteger(seed) && seed >= 0)) throw new RangeError(`seed must be a whole number >= 0, got ${seed}`);
    if (!(Number.isSafeInteger(count) && count >= 1)) throw new RangeError(`count must be a whole number >= 1, got ${count}`);
    return Array.from({ length: count }, (_, index) => {
        const architecture = randomStageDraw(space, seed, index);
        return { index, id: architectureId(architecture), params: countParams(space, architecture), macs: countMacs(space, architecture), architecture };
    });
}
