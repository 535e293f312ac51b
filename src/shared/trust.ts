/**
 * How far a run's ranking can be trusted, in words, for `smash results` and the results panel.
 *
 * Three things make a ranking uninformative: a SMASH network that classifies barely better than
 * chance (its scores then reflect noise, not the architectures), one that does not use its ops
 * (every architecture then computes the same function; engine/train/op-use.ts), and, once architectures
 * were retrained, a rank correlation whose interval includes zero (the retrained errors do not
 * confirm the order). Each gets one sentence that says what would help.
 */
import type { OpUse, RunResults, SmashValidation } from './protocol.js';

/** A coefficient with its 95 % bootstrap interval, as results.json keeps it. */
export interface IntervalValue {
    estimate: number | null;
    low: number | null;
    high: number | null;
}

/** Below chance plus this share of the way to 100 %, the network is "near chance". */
const NEAR_CHANCE = 0.25;

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Muting every op must move the best architectures' error by at least this much (a fraction) for the ops to count as used. */
const OPS_UNUSED = 0.01;

const signedPoints = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)} points`;

/**
 * "SMASH network: 58.2 % validation accuracy on average over the 20 architectures drawn at random
 * (last epoch 49.8 %, chance 10.0 %); muting every op …".
 */
export function smashValidationText(v: SmashValidation): string {
    const accuracy = v.scored
        ? `SMASH network: ${percent(v.scored.accuracy)} validation accuracy on average over the ${architectures(v.scored.architectures)} drawn at random `
            + `(last epoch ${percent(v.accuracy)}, chance ${percent(v.chance)})`
        : `SMASH network: ${percent(v.accuracy)} validation accuracy (chance ${percent(v.chance)})`;
    return v.opUse ? `${accuracy}; ${opUseText(v.opUse)}` : accuracy;
}

const architectures = (n: number) => (n === 1 ? 'architecture' : `${n} architectures`);

/** The accuracy that says how well the network does: the scored architectures' mean where a run has it. */
function judgedAccuracy(v: SmashValidation): number {
    return v.scored?.accuracy ?? v.accuracy;
}

/** "muting every op of the 3 best-scored architectures takes their validation error from 41.2 % to 55.0 % (+13.8 points)". */
export function opUseText(o: OpUse): string {
    const which = o.architectures === 1 ? 'the best-scored architecture' : `the ${o.architectures} best-scored architectures`;
    return `muting every op of ${which} takes ${o.architectures === 1 ? 'its' : 'their'} validation error from ${percent(o.error)} to ${percent(o.mutedError)} (${signedPoints(o.mutedError - o.error)})`;
}

export function opsUnused(o: OpUse): boolean {
    return Math.abs(o.mutedError - o.error) < OPS_UNUSED;
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
    return judgedAccuracy(v) < v.chance + NEAR_CHANCE * (1 - v.chance);
}

/** Sentences that say why the ranking is not yet informative and what would help; empty when nothing speaks against it. */
export function rankingCaveats(results: Pick<RunResults, 'smash' | 'correlation'>): string[] {
    const caveats: string[] = [];
    if (results.smash && nearChance(results.smash)) {
        caveats.push(`The SMASH network is near chance (${percent(judgedAccuracy(results.smash))} against ${percent(results.smash.chance)}), so its scores do not rank architectures yet: train it longer (more epochs or images), or on a GPU.`);
    }
    const opUse = results.smash?.opUse;
    if (opUse && opsUnused(opUse)) {
        caveats.push(`The SMASH network barely uses its ops: with all of them muted the best architectures score within ${signedPoints(opUse.mutedError - opUse.error)} of their scores, so the scores cannot tell architectures apart. Train it with a lower learning rate (adam lr 1e-2 kept the ops in use on Fashion-MNIST where 3e-2 switched them off) or longer.`);
    }
    const tau: IntervalValue | undefined = results.correlation?.smash.kendall;
    if (tau && (tau.estimate === null || !Number.isFinite(tau.estimate))) {
        caveats.push('The SMASH network scored the retrained architectures the same, so its scores do not order them: train it longer (more epochs or images), or on a GPU.');
    } else if (tau && tau.low !== null && tau.high !== null && tau.low <= 0 && tau.high >= 0) {
        caveats.push(`The rank correlation's 95 % interval [${tau.low.toFixed(2)}, ${tau.high.toFixed(2)}] includes zero, so the retrained errors do not confirm this ranking yet: retrain more architectures (retrain top) or train the SMASH network longer.`);
    }
    return caveats;
}
