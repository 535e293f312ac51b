/**
 * How far a run's ranking can be trusted, in words, for `smash results` and the results panel.
 *
 * Two things make a ranking uninformative: a SMASH network that classifies barely better than
 * chance (its scores then reflect noise, not the architectures), and, once architectures were
 * retrained, a rank correlation whose interval includes zero (the retrained errors do not confirm
 * the order). Each gets one sentence that says what would help.
 */
import type { RunResults, SmashValidation } from './protocol.js';

/** A coefficient with its 95 % bootstrap interval, as results.json keeps it. */
export interface IntervalValue {
    estimate: number | null;
    low: number | null;
    high: number | null;
}

/** Below chance plus this share of the way to 100 %, the network is "near chance". */
const NEAR_CHANCE = 0.25;

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** "SMASH network: 82.4 % validation accuracy (chance 10.0 %)". */
export function smashValidationText(v: SmashValidation): string {
    return `SMASH network: ${percent(v.accuracy)} validation accuracy (chance ${percent(v.chance)})`;
}

/**
 * "0.21 [-0.60, 0.75]". Tied scores or errors leave a rank correlation undefined: NaN in the engine,
 * null once written to results.json; that reads "n/a (tied)".
 */
export function intervalText(i: IntervalValue): string {
    const fixed = (x: number | null) => (x === null || !Number.isFinite(x) ? undefined : x.toFixed(2));
    const [estimate, low, high] = [fixed(i.estimate), fixed(i.low), fixed(i.high)];
    return estimate === undefined ? 'n/a (tied)' : `${estimate} [${low ?? 'n/a'}, ${high ?? 'n/a'}]`;
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
    const tau: IntervalValue | undefined = results.correlation?.smash.kendall;
    if (tau && (tau.estimate === null || !Number.isFinite(tau.estimate))) {
        caveats.push('The SMASH network scored the retrained architectures the same, so its scores do not order them: train it longer (more epochs or images), or on a GPU.');
    } else if (tau && tau.low !== null && tau.high !== null && tau.low <= 0 && tau.high >= 0) {
        caveats.push(`The rank correlation's 95 % interval [${tau.low.toFixed(2)}, ${tau.high.toFixed(2)}] includes zero, so the retrained errors do not confirm this ranking yet: retrain more architectures (retrain top) or train the SMASH network longer.`);
    }
    return caveats;
}
