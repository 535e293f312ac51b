/**
 * The run's results.json: the distinct architectures best first, their retraining where it was
 * done, and the rank correlation between SMASH score and retrained test error.
 */
import type { RankCorrelation, RankedArchitecture, RetrainResult, RunManifest, RunResults, RunStatus } from '../shared/protocol.js';
import { rankDistinct, type ScoredArchitecture } from './rank.js';
import { kendall, spearman } from './stats.js';

/** Architectures kept in results.json; every score is in ranking.json. */
export const RESULTS_KEPT = 200;

export function buildResults(
    manifest: RunManifest, scored: ScoredArchitecture[], retrained: Map<string, RetrainResult>, status: RunStatus,
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
        correlation: correlationOf(architectures),
        status,
    };
}

/** Spearman and Kendall between score and retrained test error, when 3 or more were retrained. */
export function correlationOf(architectures: RankedArchitecture[]): RankCorrelation | undefined {
    const done = architectures.filter((a) => a.retrained && Number.isFinite(a.retrained.testError));
    if (done.length < 3) return undefined;
    const scores = done.map((a) => a.score);
    const errors = done.map((a) => a.retrained!.testError);
    return { n: done.length, spearman: spearman(scores, errors), kendall: kendall(scores, errors) };
}
