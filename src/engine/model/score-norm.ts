/**
 * The BN statistics a network is evaluated with (ScoreNorm, `search { norm ... }`).
 *
 * The SMASH network's BN layers keep one set of running statistics shared by every architecture,
 * sliced by channel, so they fit the average of the architectures seen in training and none of
 * them in particular. 'batch' normalises each validation batch by its own statistics;
 * 'recalibrate' re-estimates the statistics for the architecture at hand on a few un-augmented
 * training batches (a cumulative average, momentum 1/i for the i-th batch) before evaluating it,
 * as single-path one-shot NAS does. Both leave the shared running statistics as they were.
 */
import { batches } from '../data/batches.js';
import type { Normalization } from '../data/normalize.js';
import type { DataSplit } from '../data/split.js';
import type { BatchNormOptions } from './ops/batchnorm.js';
import type { ScoreNorm } from '../space/space.js';
import { tf } from '../backend/tf.js';
import { evaluate } from '../train/train-loop.js';

/** How the BN layers of a forward pass normalise: training mode updates the running statistics with `momentum`. */
export type BatchNormMode = Pick<BatchNormOptions, 'training' | 'momentum'>;

/** A network's logits for x: [batch, H, W, C] -> [batch, classes] under a BN mode. */
export type NormForward = (x: tf.Tensor4D, mode: BatchNormMode) => tf.Tensor2D;

export interface EvaluationData {
    split: DataSplit;
    normalization: Normalization;
}

/** Statistics a `batch` mode pass would otherwise move: momentum 0 keeps them as they are. */
const BATCH_STATISTICS: BatchNormMode = { training: true, momentum: 0 };
const RUNNING_STATISTICS: BatchNormMode = { training: false };

/**
 * Runs `use` with a forward function that normalises as `norm` says. For 'recalibrate', the
 * statistics are re-estimated first and restored when `use` returns or throws.
 */
export function withScoreNorm<T>(
    norm: ScoreNorm, statistics: Record<string, tf.Variable>, data: EvaluationData, batchSize: number,
    forward: NormForward, use: (logits: (x: tf.Tensor4D) => tf.Tensor2D) => T,
): T {
    const scope = enterScoreNorm(norm, statistics, data, batchSize, forward);
    try {
        return use(scope.logits);
    } finally {
        scope.restore();
    }
}

/** The forward function `norm` asks for, and what puts the statistics back afterwards. */
function enterScoreNorm(
    norm: ScoreNorm, statistics: Record<string, tf.Variable>, data: EvaluationData, batchSize: number, forward: NormForward,
): { logits: (x: tf.Tensor4D) => tf.Tensor2D; restore: () => void } {
    if (norm.kind === 'running') return { logits: (x) => forward(x, RUNNING_STATISTICS), restore: () => {} };
    if (norm.kind === 'batch') return { logits: (x) => forward(x, BATCH_STATISTICS), restore: () => {} };
    const variables = Object.values(statistics);
    const saved = variables.map((v) => tf.clone(v));
    const restore = () => {
        saved.forEach((value, i) => variables[i]!.assign(value));
        tf.dispose(saved);
    };
    try {
        recalibrate(norm.batches, data, batchSize, forward);
    } catch (error) {
        restore();
        throw error;
    }
    return { logits: (x) => forward(x, RUNNING_STATISTICS), restore };
}

/**
 * Overwrites the running statistics of the channels this network uses with their average over the
 * first `count` un-augmented training batches (the same images for every architecture).
 */
function recalibrate(count: number, data: EvaluationData, batchSize: number, forward: NormForward): void {
    let i = 0;
    for (const batch of batches(data.split.train, { batchSize, normalization: data.normalization, mode: { kind: 'eval' } })) {
        if (i === count) break;
        const momentum = 1 / ++i;
        tf.tidy(() => {
            forward(tf.tensor4d(batch.x, batch.shape), { training: true, momentum });
        });
    }
}

/** Validation loss, accuracy and error of one network under `norm`. */
export async function evaluateWithNorm(
    norm: ScoreNorm, statistics: Record<string, tf.Variable>, data: EvaluationData, batchSize: number, forward: NormForward,
): Promise<{ loss: number; accuracy: number; error: number }> {
    const scope = enterScoreNorm(norm, statistics, data, batchSize, forward);
    try {
        return await evaluate(data.split.validation, batchSize, data.normalization, (x) => scope.logits(x));
    } finally {
        scope.restore();
    }
}
