/**
 * Training throughput of one fixed architecture: the optimiser steps a search (SMASH: HyperNet plus
 * SMASH network, Adam) or a retraining (the architecture as its own network, SGD) takes, on
 * synthetic images, each step timed from batch assembly to the updated weights, as runEpochs does.
 */
import type { BackendChoice } from '../src/engine/backend/backend.js';
import { batches } from '../src/engine/data/batches.js';
import { computeNormalization } from '../src/engine/data/normalize.js';
import { createOptimizer } from '../src/engine/train/optim.js';
import { DataParallel } from '../src/engine/parallel/data-parallel.js';
import { buildShardModel, shardGradients, type ShardModelSpec } from '../src/engine/parallel/shard-model.js';
import { Random } from '../src/engine/random.js';
import { tf } from '../src/engine/backend/tf.js';
import type { StepResult } from '../src/engine/train/train-loop.js';
import type { Fixed } from './fixed.js';
import { peakRssMb, timeRepeated, type Timed } from './measure.js';
import { syntheticSubset } from './synthetic.js';

export type TrainMode = 'smash' | 'retrain';

export interface TrainFigures extends Timed {
    mode: TrainMode;
    batch: number;
    /** Data-parallel shards (threads) per step. */
    workers: number;
    /** Forward MACs of one step: batch x network, plus the HyperNet once for SMASH. */
    stepMacs: number;
    imagesPerSecond: number;
    /** 6 FLOP per forward MAC (forward, input gradient, weight gradient; 2 FLOP per MAC) per second of wall time. */
    gflops: number;
    /** The same per second of CPU time (all threads). */
    gflopsPerCpuSecond: number;
    peakRssMb: number;
    tensorsAfter: number;
}

export async function timeTraining(fixed: Fixed, mode: TrainMode, batch: number, steps: number, warmup: number, workers: number): Promise<TrainFigures> {
    const trainer = await stepper(fixed, mode, batch, steps + warmup, workers);
    try {
        const timed = await timeRepeated(steps, warmup, trainer.next);
        const stepMacs = batch * (mode === 'smash' ? fixed.smashNetMacs : fixed.macs) + (mode === 'smash' ? fixed.hypernetMacs : 0);
        return {
            mode, batch, workers, ...timed, stepMacs,
            imagesPerSecond: (batch * 1000) / timed.wallMs,
            gflops: (6 * stepMacs) / (timed.wallMs * 1e6),
            gflopsPerCpuSecond: (6 * stepMacs) / (timed.cpuMs * 1e6),
            peakRssMb: peakRssMb(),
            tensorsAfter: tf.memory().numTensors,
        };
    } finally {
        await trainer.close();
    }
}

/**
 * Runs the next of `count` training steps on a fresh batch of synthetic images each time: the
 * network and optimiser of `mode` for the fixed architecture, on `workers` shards (1: this thread only).
 */
export async function stepper(fixed: Fixed, mode: TrainMode, batch: number, count: number, workers = 1): Promise<{ next: () => Promise<StepResult>; close: () => Promise<void> }> {
    const { space, arch } = fixed;
    const streams = 'bench';
    const spec: ShardModelSpec = mode === 'smash' ? { kind: 'smash', space, seed: space.seed, streams, arch } : { kind: 'retrain', space, arch, streams };
    const model = buildShardModel(spec);
    const settings = mode === 'smash' ? space.train : space.retrain;
    const optimizer = createOptimizer(settings.optimizer, model.parameters, settings.weightDecay);
    const parallel = workers > 1 ? await DataParallel.start(workers, tf.getBackend() as BackendChoice, spec) : undefined;
    const subset = syntheticSubset(space, batch * count, `bench:data:${fixed.key}`);
    const normalization = computeNormalization(subset);
    const stream = batches(subset, { batchSize: batch, normalization, mode: { kind: 'train', random: new Random('bench:order'), augment: settings.augment } });
    const lr = settings.optimizer.lr;
    let index = 0;
    const next = async (): Promise<StepResult> => {
        const item = stream.next();
        if (item.done) throw new Error('the synthetic data ran out of batches');
        const x = tf.tensor4d(item.value.x, item.value.shape);
        const y = tf.tensor1d(item.value.y, 'int32');
        const step = index++;
        try {
            if (parallel) return await parallel.step(model, optimizer, lr, x, y, step, 1);
            const result = await shardGradients(model, x, y, step, 1);
            optimizer.step(result.grads, lr);
            tf.dispose(Object.values(result.grads));
            return { loss: result.loss, correct: result.correct };
        } finally {
            tf.dispose([x, y]);
        }
    };
    return { next, close: async () => { await parallel?.close(); } };
}
