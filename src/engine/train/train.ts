/**
 * SMASH training (spec 5.1): every step samples one architecture (with the budget and kernel
 * annealing at the step's progress), generates its 1x1 weights, and trains the HyperNet and the
 * shared weights end to end with Adam; L2 only on the non-HyperNet weights. Validation each epoch
 * uses a random architecture per batch, as the released code did.
 */
import { createOptimizer } from './optim.js';
import { Random } from '../random.js';
import { sampleArchitecture } from '../space/sampler.js';
import { withScoreNorm } from '../model/score-norm.js';
import type { SmashModel } from '../model/smash-model.js';
import { smashShardModel } from '../parallel/shard-model.js';
import { startWorkers } from '../parallel/start.js';
import { correctOf, evaluate, lossOf, optimise, runEpochs, type LoopContext, type LoopOutcome, type LoopSpec } from './train-loop.js';

export interface TrainOptions extends LoopContext {
    seed: number;
    /**
     * Threads each step's batch is split over (parallel/data-parallel.ts; BN then normalises each
     * shard on its own, so results depend on it). Default 1. Only for the wasm and cpu backends.
     */
    workers?: number;
}

export async function trainSmash(model: SmashModel, options: TrainOptions): Promise<LoopOutcome> {
    const { space } = model;
    const { train } = space;
    const parameters = model.parameters();
    const optimizer = createOptimizer(train.optimizer, parameters, train.weightDecay);
    const streams = `${options.seed}:smash`;
    const parallel = await startWorkers(options.workers, { kind: 'smash', space, seed: options.seed, streams });
    const shard = smashShardModel(model, streams);
    const loop: LoopSpec = {
        phase: 'train',
        streams,
        plan: train,
        context: options,
        parameters,
        optimizer,
        statistics: model.net.statistics(),
        step: (x, y, step, progress, lr) => {
            if (parallel) return parallel.step(shard, optimizer, lr, x, y, step, progress);
            const arch = sampleArchitecture(space, new Random(`${streams}:arch:${step}`), progress);
            const noise = new Random(`${streams}:z:${step}`);
            return optimise(parameters, optimizer, lr, () => {
                const logits = model.logits(arch, x, { training: true }, noise);
                return { loss: lossOf(logits, y), correct: correctOf(logits, y) };
            });
        },
        // One random architecture per validation batch, normalised as its score would be.
        validate: (epoch, progress) => evaluate(options.split.validation, space.search.batch, options.normalization, (x, batch) => {
            const draw = new Random(`${streams}:validate:${epoch}:${batch}`);
            const arch = sampleArchitecture(space, draw.fork('arch'), progress);
            const matrix = model.weightsFor(arch, draw.fork('z'));
            return withScoreNorm(space.search.norm, model.net.statistics(), options, space.search.batch,
                (input, mode) => model.net.forward(arch, input, matrix, mode), (logits) => logits(x));
        }),
    };
    try {
        return await runEpochs(loop);
    } finally {
        await parallel?.close();
    }
}
