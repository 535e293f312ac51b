/**
 * Retraining (spec 5.4): an architecture built as an ordinary network with fresh orthogonal
 * weights, trained from scratch (SGD with Nesterov momentum and a per-step cosine schedule by
 * default), then measured on the validation and test splits.
 */
import type { Architecture } from '../space/architecture.js';
import type { DataSplit } from '../data/split.js';
import { DerivedNet } from '../model/derived-net.js';
import { createOptimizer } from './optim.js';
import { Random } from '../random.js';
import type { SearchSpace } from '../space/space.js';
import type { TrainOptions } from './train.js';
import { retrainShardModel } from '../parallel/shard-model.js';
import { startWorkers } from '../parallel/start.js';
import { correctOf, evaluate, lossOf, optimise, runEpochs, type LoopOutcome } from './train-loop.js';
import { tf } from '../backend/tf.js';

export interface RetrainOptions extends TrainOptions {
    /** Rank of the architecture in the search, for events. */
    rank: number;
    id: string;
}

export interface RetrainOutcome {
    outcome: LoopOutcome;
    valError: number;
    testError: number;
    seconds: number;
}

export async function retrainArchitecture(space: SearchSpace, arch: Architecture, options: RetrainOptions): Promise<RetrainOutcome> {
    const started = performance.now();
    const { retrain } = space;
    const streams = `${options.seed}:retrain:${options.id}`;
    const net = new DerivedNet(space, arch, new Random(`${streams}:init`));
    const parameters = net.parameters();
    const optimizer = createOptimizer(retrain.optimizer, parameters, retrain.weightDecay);
    const parallel = await startWorkers(options.workers, { kind: 'retrain', space, arch, streams });
    const shard = retrainShardModel(net);
    try {
        const outcome = await runEpochs({
            phase: 'retrain',
            rank: options.rank,
            streams,
            plan: retrain,
            context: options,
            parameters,
            optimizer,
            statistics: net.statistics(),
            step: (x, y, step, progress, lr) => parallel
                ? parallel.step(shard, optimizer, lr, x, y, step, progress)
                : optimise(parameters, optimizer, lr, () => {
                    const logits = net.forward(x, true);
                    return { loss: lossOf(logits, y), correct: correctOf(logits, y) };
                }),
            validate: () => evaluate(options.split.validation, space.search.batch, options.normalization, (x) => net.forward(x, false)),
        });
        if (outcome === 'stopped') return { outcome, valError: NaN, testError: NaN, seconds: (performance.now() - started) / 1000 };
        const measure = async (subset: DataSplit['test']) => (await evaluate(subset, space.search.batch, options.normalization, (x) => net.forward(x, false))).error;
        return {
            outcome,
            valError: await measure(options.split.validation),
            testError: await measure(options.split.test),
            seconds: (performance.now() - started) / 1000,
        };
    } finally {
        await parallel?.close();
        optimizer.dispose();
        tf.dispose(parameters.map((p) => p.variable));
        tf.dispose(Object.values(net.statistics()));
    }
}
