/**
 * Data-parallel steps: a step over a worker thread must give exactly what the same shards give
 * computed one after the other here (same backend, same combination order), for SMASH training and
 * for retraining, so that a run with a given worker count is reproducible.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { createOptimizer } from '../../src/engine/train/optim.js';
import { installWasmKernels } from '../../src/engine/model/ops/wasm-kernels.js';
import { DataParallel, shardSizes } from '../../src/engine/parallel/data-parallel.js';
import { buildShardModel, shardGradients, type ShardModel, type ShardModelSpec } from '../../src/engine/parallel/shard-model.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { TINY_RUN } from '../support/spaces.js';
import { compileText } from './arch-fixtures.js';

let space: SearchSpace;
beforeAll(async () => {
    await selectBackend('wasm');
    installWasmKernels();
    space = await compileText(TINY_RUN);
});

/** x: [10, 28, 28, 1] and labels, seeded. */
function batch(step: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
    const rng = new Random(`batch ${step}`);
    return {
        x: tf.tensor4d(Float32Array.from({ length: 10 * 28 * 28 }, () => rng.normal()), [10, 28, 28, 1]),
        y: tf.tensor1d(Int32Array.from({ length: 10 }, () => rng.int(10)), 'int32'),
    };
}

/** The state after two steps done shard by shard on this thread, combined as DataParallel does. */
async function sequentialSteps(spec: ShardModelSpec, shards: number): Promise<{ losses: number[]; state: Float32Array[] }> {
    const model = buildShardModel(spec);
    const optimizer = createOptimizer(space.train.optimizer, model.parameters, space.train.weightDecay);
    const losses: number[] = [];
    for (const step of [0, 1]) {
        const { x, y } = batch(step);
        const start = Object.values(model.statistics).map((v) => tf.clone(v));
        const sizes = shardSizes(10, shards);
        const results: Array<Awaited<ReturnType<typeof shardGradients>>> = [];
        const statistics: tf.Tensor[][] = [];
        let offset = 0;
        for (const size of sizes) {
            Object.values(model.statistics).forEach((v, i) => v.assign(start[i]!));
            const [xs, ys] = [tf.slice(x, offset, size), tf.slice(y, offset, size)];
            results.push(await shardGradients(model, xs, ys, step, 0.5));
            statistics.push(Object.values(model.statistics).map((v) => tf.clone(v)));
            offset += size;
        }
        const weights = sizes.map((s) => s / 10);
        const grads: Record<string, tf.Tensor> = {};
        for (const p of model.parameters) {
            if (!results[0]!.grads[p.name]) continue;
            grads[p.name] = results.reduce((sum: tf.Tensor | undefined, r, k) => {
                const term = tf.mul(r.grads[p.name]!, weights[k]!);
                return sum ? tf.add(sum, term) : term;
            }, undefined)!;
        }
        Object.values(model.statistics).forEach((v, i) => v.assign(statistics.reduce((sum: tf.Tensor | undefined, s, k) => {
            const term = tf.mul(s[i]!, weights[k]!);
            return sum ? tf.add(sum, term) : term;
        }, undefined)!));
        optimizer.step(grads, 0.01);
        losses.push(results.reduce((sum, r, k) => sum + r.loss * weights[k]!, 0));
    }
    return { losses, state: stateOf(model) };
}

function stateOf(model: ShardModel): Float32Array[] {
    return [...model.parameters.map((p) => p.variable), ...Object.values(model.statistics)].map((v) => Float32Array.from(v.dataSync()));
}

describe('data-parallel training steps', () => {
    it('splits a batch into shards in order, the first ones larger', () => {
        expect(shardSizes(10, 3)).toEqual([4, 3, 3]);
        expect(shardSizes(64, 2)).toEqual([32, 32]);
    });

    it.each(['smash', 'retrain'] as const)('%s: a step over a worker equals the same shards one after the other', async (kind) => {
        const arch = sampleArchitecture(space, new Random('dp arch'));
        const spec: ShardModelSpec = kind === 'smash' ? { kind, space, seed: 5, streams: 'dp' } : { kind, space, arch, streams: 'dp' };
        const expected = await sequentialSteps(spec, 3);

        const model = buildShardModel(spec);
        const optimizer = createOptimizer(space.train.optimizer, model.parameters, space.train.weightDecay);
        const parallel = await DataParallel.start(3, 'wasm', spec);
        try {
            const losses: number[] = [];
            for (const step of [0, 1]) {
                const { x, y } = batch(step);
                losses.push((await parallel.step(model, optimizer, 0.01, x, y, step, 0.5)).loss);
            }
            expect(losses).toEqual(expected.losses);
            expect(stateOf(model)).toEqual(expected.state);
        } finally {
            await parallel.close();
        }
    }, 120_000);
});
