/**
 * The run's results.json: the distinct architectures best first, their retraining where it was
 * done, and the rank correlation between SMASH score and retrained test error.
 */
import type { RankCorrelation, RankedArchitecture, RetrainResult, RunEvent, RunManifest, RunResults, RunStatus, ScoredAccuracy, SmashValidation } from '../../shared/protocol.js';
import { rankDistinct, type ScoredArchitecture } from './rank.js';
import { correlatePredictors } from '../correlation.js';
import { Random } from '../random.js';

/** Architectures kept in results.json; every score is in ranking.json. */
export const RESULTS_KEPT = 200;

export function buildResults(
    manifest: RunManifest, scored: ScoredArchitecture[], retrained: Map<string, RetrainResult>, status: RunStatus,
    smash: SmashValidation | undefined,
): RunResults {
    const ranked = rankDistinct(scored);
    const architectures: RankedArchitecture[] = ranked
        .map((s, i) => ({
            rank: i + 1, id: s.id, score: s.score, stage: s.stage, params: s.params, macs: s.macs,
            retrained: retrained.get(s.id), architecture: s.architecture,
        }))
        .filter((a) => a.rank <= RESULTS_KEPT || a.retrained);
    return {
        runId: manifest.runId,
        name: manifest.name,
        spaceFile: manifest.spaceFile,
        spaceHash: manifest.spaceHash,
        seed: manifest.seed,
        backend: manifest.backend,
        architectures,
        correlation: correlationOf(architectures, manifest.seed),
        smash,
        status,
    };
}

/** The rank correlations of score and baselines with retrained test error, when 3 or more were retrained. */
export function correlationOf(architectures: RankedArchitecture[], seed: number): RankCorrelation | undefined {
    const done = architectures.filter((a) => a.retrained && Number.isFinite(a.retrained.testError));
    if (done.length < 3) return undefined;
    const points = done.map((a) => ({ score: a.score, params: a.params, macs: a.macs, testError: a.retrained!.testError }));
    return { n: done.length, ...correlatePredictors(points, new Random(`${seed}:results:bootstrap`), 2000) };
}

/**
 * Mean accuracy over the scores (validation errors) of architectures drawn at random; those that
 * perturbation or hill climbing chose for their scores would flatter the network.
 */
export function scoredAccuracy(randomScores: number[]): ScoredAccuracy | undefined {
    const finite = randomScores.filter(Number.isFinite);
    if (finite.length === 0) return undefined;
    return { accuracy: 1 - finite.reduce((sum, s) => sum + s, 0) / finite.length, architectures: finite.length };
}

/** The SMASH network's last validation accuracy in a run's events, beside chance for `classes` classes. */
export function smashValidation(events: RunEvent[], classes: number): SmashValidation | undefined {
    const last = events.filter((e) => e.type === 'epoch' && e.phase === 'train').pop();
    return last?.type === 'epoch' ? { accuracy: last.valAccuracy, chance: 1 / classes } : undefined;
}
