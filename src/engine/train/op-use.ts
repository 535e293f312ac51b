/**
 * Does the trained SMASH network use its ops? Each op starts with a ReLU after the generated 1x1
 * (spec 2.4). When training drives the generated weights negative for the non-negative memory it
 * reads, that ReLU outputs zeros for every architecture, the ops add nothing, and the network
 * computes stem -> transitions -> head whatever the architecture: its scores tie or differ by
 * noise, and the ranking says nothing. Measured on Fashion-MNIST at Adam 3e-2 (docs/results/recipe.md),
 * this is what raised the SMASH network's accuracy, not the ops learning.
 *
 * The check scores the best-scored architectures again with every op's output zeroed: a network
 * that uses its ops loses accuracy, one that does not scores the same.
 */
import type { OpUse } from '../../shared/protocol.js';
import { rankDistinct, scoreArchitecture, scoreNoise, type RankOptions, type ScoredArchitecture } from './rank.js';
import type { SmashModel } from '../model/smash-model.js';

/** How many of the best-scored architectures the check scores again. */
export const OP_USE_ARCHITECTURES = 3;

export async function measureOpUse(
    model: SmashModel, scored: Array<Pick<ScoredArchitecture, 'id' | 'score' | 'architecture'>>, options: Pick<RankOptions, 'seed' | 'split' | 'normalization'>,
): Promise<OpUse | undefined> {
    const best = rankDistinct(scored).slice(0, OP_USE_ARCHITECTURES);
    if (best.length === 0) return undefined;
    let muted = 0;
    for (const s of best) {
        // The same z as the architecture's score, so that only the muting differs.
        muted += (await scoreArchitecture(model, s.architecture, scoreNoise(options.seed, s.id), options, true)).error;
    }
    return {
        architectures: best.length,
        error: best.reduce((sum, s) => sum + s.score, 0) / best.length,
        mutedError: muted / best.length,
    };
}
