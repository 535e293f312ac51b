/**
 * How well a predictor orders architectures the way retraining does: Spearman and Kendall between
 * the predictor and retrained test error, with bootstrap intervals. Predictors: the SMASH score,
 * and two that need no training, parameter count and MACs (bigger predicted better, so -params and
 * -MACs are correlated with error). For every predictor a positive coefficient means "orders
 * architectures as training does". Shared by search results and the correlation benchmark.
 */
import type { Random } from './random.js';
import { bootstrap, kendall, spearman, type Interval } from './stats.js';

export interface PredictorCorrelation {
    n: number;
    spearman: Interval;
    kendall: Interval;
}

export type Predictor = 'smash' | 'params' | 'macs';

export interface RetrainedPoint {
    score: number;
    params: number;
    macs: number;
    testError: number;
}

const PREDICTORS: Record<Predictor, (p: RetrainedPoint) => number> = {
    smash: (p) => p.score,
    params: (p) => -p.params,
    macs: (p) => -p.macs,
};

export function correlatePredictors(points: readonly RetrainedPoint[], rng: Random, resamples: number): Record<Predictor, PredictorCorrelation> {
    const y = points.map((p) => p.testError);
    const out = {} as Record<Predictor, PredictorCorrelation>;
    for (const predictor of Object.keys(PREDICTORS) as Predictor[]) {
        const x = points.map(PREDICTORS[predictor]);
        out[predictor] = {
            n: points.length,
            spearman: bootstrap(x, y, spearman, rng.fork(`${predictor}:rho`), resamples),
            kendall: bootstrap(x, y, kendall, rng.fork(`${predictor}:tau`), resamples),
        };
    }
    return out;
}
