/**
 * How far a run's ranking can be trusted, in words, for `smash results` and the results panel.
 *
 * Two things make a ranking uninformative: a SMASH network that classifies barely better than
 * chance (its scores then reflect noise, not the architectures), and, once architectures were
 * retrained, a rank correlation whose interval includes zero (the retrained errors do not confirm
 * the order). Each gets one sentence that says what would help.
 */
import type { RunResults, SmashValidation } from './protocol.js';

/** Below chance plus this share of the way to 100 %, the network is "near chance". */
const NEAR_CHANCE = 0.25;

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** "SMASH network: 82.4 % validation accuracy (chance 10.0 %)". */
export function smashValidationText(v: SmashValidation): string {
    return `SMASH network: ${percent(v.accuracy)} validation accuracy (chance ${percent(v.chance)})`;
}

export function nearChance(v: SmashValidation): boolean {
    return v.accuracy < v.chance + NEAR_CHANCE * (1 - v.chance);
}

/** Sentences that say why the ranking is not yet informative and what would help; empty when nothing speaks against it. */
export function rankingCaveats(results: Pick<RunResults, 'smash' | 'correlation'>): string[] {
    const caveats: string[] = [];
    if (results.smash && nearChance(results.smash)) {
        caveats.push(`The SMASH network is near chance (${percent(results.smash.accuracy)} against ${percent(results.smash.chance)}), so its scores do not rank architectures yet: train it longer (more epochs or images), or on a GPU.`);
    }
    const tau = results.correlation?.smash.kendall;
    if (tau && tau.low <= 0 && tau.high >= 0) {
        caveats.push(`The rank correlation's 95 % interval [${tau.low.toFixed(2)}, ${tau.high.toFixed(2)}] includes zero, so the retrained errors do not confirm this ranking yet: retrain more architectures (retrain top) or train the SMASH network longer.`);
    }
    return caveats;
}
