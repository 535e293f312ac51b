/**
 * One training step of the engine (the SMASH network with a sampled architecture, or a derived
 * network as retraining builds it) on synthetic images, on the active backend: the loss and
 * gradients of the first step, and its time and that of the steps after it.
 */
import { DerivedNet } from '../engine/model/derived-net.js';
import { createOptimizer, type Parameter } from '../engine/train/optim.js';
import { Random } from '../engine/random.js';
import { sampleArchitecture } from '../engine/space/sampler.js';
import { SmashModel } from '../engine/model/smash-model.js';
import type { SearchSpace } from '../engine/space/space.js';
import { tf } from '../engine/backend/tf.js';
import { lossOf } from '../engine/train/train-loop.js';

export type StepKind = 'smash' | 'retrain';

export interface StepMeasure {
    /** Loss, then each parameter's gradient, of the first step. */
    values: Float32Array[];
    firstMs: number;
    medianMs: number;
}

export async function measureStep(space: SearchSpace, kind: StepKind, batch: number, steps: number): Promise<StepMeasure> {
    const { height, width, channels } = space.input;
    const rng = new Random('gpu-check:data');
    const x = tf.tensor4d(Float32Array.from({ length: batch * height * width * channels }, () => rng.normal()), [batch, height, width, channels]);
    const y = tf.tensor1d(Int32Array.from({ length: batch }, () => rng.int(space.classes)), 'int32');
    const arch = sampleArchitecture(space, new Random('gpu-check:arch'), 0.5);
    const smash = kind === 'smash' ? new SmashModel(space, 1) : undefined;
    const derived = kind === 'retrain' ? new DerivedNet(space, arch, new Random('gpu-check:init')) : undefined;
    const parameters: Parameter[] = smash?.parameters() ?? derived!.parameters();
    const statistics = smash?.net.statistics() ?? derived!.statistics();
    const logits = () => smash?.logits(arch, x, { training: true }, new Random('gpu-check:z')) ?? derived!.forward(x, true);
    const optimizer = createOptimizer((smash ? space.train : space.retrain).optimizer, parameters, 0);
    const times: number[] = [];
    let values: Float32Array[] = [];
    try {
        for (let step = 0; step <= steps; step++) {
            const started = performance.now();
            const { value, grads } = tf.variableGrads(() => lossOf(logits(), y), parameters.map((p) => p.variable));
            const ordered = parameters.flatMap((p) => (grads[p.variable.name] ? [grads[p.variable.name]!] : []));
            if (step === 0) values = await Promise.all([value, ...ordered].map(async (t) => Float32Array.from(await t.data())));
            optimizer.step(Object.fromEntries(parameters.flatMap((p) => (grads[p.variable.name] ? [[p.name, grads[p.variable.name]!]] : []))), 0.01);
            // The step has ended when the last updated weight can be read back.
            await parameters[parameters.length - 1]!.variable.data();
            times.push(performance.now() - started);
            tf.dispose([value, ...Object.values(grads)]);
        }
    } finally {
        optimizer.dispose();
        tf.dispose([x, y, ...parameters.map((p) => p.variable), ...Object.values(statistics)]);
    }
    const rest = times.slice(1).sort((a, b) => a - b);
    return { values, firstMs: times[0]!, medianMs: rest[Math.floor(rest.length / 2)] ?? times[0]! };
}
