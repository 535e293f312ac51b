/**
 * What one shard of a training step computes: the mean loss of its images and the gradients of
 * that loss, for SMASH training (the step's sampled architecture and noise, both named by the step)
 * or for retraining. The same code runs on the main thread and in worker threads; a worker builds
 * its copy of the network from a ShardModelSpec, plain data that crosses threads.
 */
import type { Architecture } from '../space/architecture.js';
import { DerivedNet } from '../model/derived-net.js';
import type { Parameter } from '../train/optim.js';
import { Random } from '../random.js';
import { sampleArchitecture } from '../space/sampler.js';
import { readScalar } from '../backend/read.js';
import { SmashModel } from '../model/smash-model.js';
import type { SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';
import { correctOf, lossOf } from '../train/train-loop.js';

export type ShardModelSpec =
    /** `arch`: train this one architecture at every step instead of drawing one (benchmarks). */
    | { kind: 'smash'; space: SearchSpace; seed: number; streams: string; arch?: Architecture }
    | { kind: 'retrain'; space: SearchSpace; arch: Architecture; streams: string };

export interface ShardModel {
    parameters: Parameter[];
    /** BN running statistics, by name. */
    statistics: Record<string, tf.Variable>;
    /** Training-mode logits [shard, classes] of x: [shard, H, W, C] in step `step`. */
    logits(x: tf.Tensor4D, step: number, progress: number): tf.Tensor2D;
}

export interface ShardResult {
    /** Mean loss over the shard. */
    loss: number;
    correct: number;
    /** By parameter name; parameters the step does not use have none. */
    grads: Record<string, tf.Tensor>;
}

/** SMASH training: every step draws its architecture (unless `fixed`) and its noise z from streams named by the step. */
export function smashShardModel(model: SmashModel, streams: string, fixed?: Architecture): ShardModel {
    return {
        parameters: model.parameters(),
        statistics: model.net.statistics(),
        logits: (x, step, progress) => {
            const arch = fixed ?? sampleArchitecture(model.space, new Random(`${streams}:arch:${step}`), progress);
            return model.logits(arch, x, { training: true }, new Random(`${streams}:z:${step}`));
        },
    };
}

export function retrainShardModel(net: DerivedNet): ShardModel {
    return { parameters: net.parameters(), statistics: net.statistics(), logits: (x) => net.forward(x, true) };
}

/** A worker's copy: the same parameters and statistics by name and shape (their values come with every step). */
export function buildShardModel(spec: ShardModelSpec): ShardModel {
    return spec.kind === 'smash'
        ? smashShardModel(new SmashModel(spec.space, spec.seed), spec.streams, spec.arch)
        : retrainShardModel(new DerivedNet(spec.space, spec.arch, new Random(`${spec.streams}:init`)));
}

/** Loss, right predictions and gradients of one shard; the caller disposes the gradients. */
export async function shardGradients(model: ShardModel, x: tf.Tensor4D, y: tf.Tensor1D, step: number, progress: number): Promise<ShardResult> {
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
        const logits = model.logits(x, step, progress);
        correct = tf.keep(correctOf(logits, y));
        return lossOf(logits, y);
    }, model.parameters.map((p) => p.variable));
    const byName: Record<string, tf.Tensor> = {};
    for (const p of model.parameters) {
        const g = grads[p.variable.name];
        if (g) byName[p.name] = g;
    }
    try {
        return { loss: await readScalar(value), correct: await readScalar(correct!), grads: byName };
    } finally {
        tf.dispose([value, correct!]);
    }
}
