/**
 * The epoch loop shared by SMASH training and retraining: seeded batches, a per-step learning
 * rate, validation and a checkpoint after every epoch, events for live curves, and a clean stop.
 *
 * Every random draw of step t comes from streams named by (seed, t) and every epoch's data order
 * from (seed, epoch), so a run resumed from a checkpoint at step t continues exactly as it would
 * have without the interruption.
 */
import { batchCount, batches, type Batch } from '../data/batches.js';
import type { Subset } from '../data/dataset.js';
import type { DataSplit } from '../data/split.js';
import type { Normalization } from '../data/normalize.js';
import { learningRate, type Optimizer, type Parameter } from './optim.js';
import { Random } from '../random.js';
import { loadCheckpoint, saveCheckpoint, type NamedArray } from '../run/checkpoint.js';
import type { EventSink } from '../run/event-log.js';
import type { TrainingPlan } from '../space/space.js';
import { readArray, readScalar } from '../backend/read.js';
import { tf } from '../backend/tf.js';

export interface StepResult {
    loss: number;
    correct: number;
}

/** Where a loop runs: its data, its checkpoint file, its event log, its stop request and the rest of the run. */
export interface LoopContext {
    split: DataSplit;
    normalization: Normalization;
    checkpointPath: string;
    log: EventSink;
    shouldStop: () => boolean;
    /** Seconds the rest of the run will take after this loop, given this loop's seconds per step. */
    remainingAfter: (secondsPerStep: number) => number;
}

export interface LoopSpec {
    phase: 'train' | 'retrain';
    /** For retraining: the rank of the architecture being trained. */
    rank?: number;
    /** Names the random streams: different loops of one run must not share them. */
    streams: string;
    /** Epochs, batch, learning rate and its schedule, augmentation (weight decay is the optimiser's). */
    plan: TrainingPlan;
    context: LoopContext;
    /** One update on x: [batch, H, W, C] and labels y: [batch]; `progress` is step / total steps in [0, 1]. */
    step(x: tf.Tensor4D, y: tf.Tensor1D, step: number, progress: number, lr: number): StepResult | Promise<StepResult>;
    validate(epoch: number, progress: number): Promise<{ loss: number; accuracy: number }>;
    parameters: Parameter[];
    optimizer: Optimizer;
    /** Non-parameter state saved with checkpoints (BN running statistics). */
    statistics: Record<string, tf.Variable>;
}

interface LoopMeta {
    step: number;
}

export type LoopOutcome = 'completed' | 'stopped';

export async function runEpochs(spec: LoopSpec): Promise<LoopOutcome> {
    const mode = { kind: 'train' as const, random: new Random(0), augment: spec.plan.augment };
    const stepsPerEpoch = batchCount(spec.context.split.train.indices.length, spec.plan.batch, mode);
    const total = spec.plan.epochs * stepsPerEpoch;
    const start = restore(spec);
    const timer = new StepTimer();
    let lastEvent = 0;

    for (let epoch = Math.floor(start / stepsPerEpoch); epoch < spec.plan.epochs; epoch++) {
        const epochStart = Date.now();
        let loss = 0;
        let correct = 0;
        let seen = 0;
        let index = 0;
        const order = { ...mode, random: new Random(`${spec.streams}:epoch${epoch}`) };
        for (const batch of batches(spec.context.split.train, { batchSize: spec.plan.batch, normalization: spec.context.normalization, mode: order })) {
            const step = epoch * stepsPerEpoch + index++;
            if (step < start) continue;
            if (spec.context.shouldStop()) {
                await save(spec, step);
                return 'stopped';
            }
            const lr = learningRate(spec.plan, step, total);
            const result = await runStep(spec, batch, step, step / total, lr);
            timer.tick();
            loss += result.loss * batch.size;
            correct += result.correct;
            seen += batch.size;
            const now = Date.now();
            if (now - lastEvent >= 1000 || index === stepsPerEpoch) {
                lastEvent = now;
                const secondsPerStep = timer.secondsPerStep();
                spec.context.log.emit({
                    type: 'train-step', rank: spec.rank, epoch, step: step + 1, steps: total, loss: result.loss,
                    accuracy: result.correct / batch.size, lr, imagesPerSecond: spec.plan.batch / secondsPerStep,
                    eta: (total - step - 1) * secondsPerStep + spec.context.remainingAfter(secondsPerStep),
                });
            }
            // Lets signal handlers run between steps, so that a stop request is seen.
            await new Promise((resolve) => setImmediate(resolve));
        }
        const validation = await spec.validate(epoch, Math.min(1, ((epoch + 1) * stepsPerEpoch) / total));
        await save(spec, (epoch + 1) * stepsPerEpoch);
        spec.context.log.emit({ type: 'checkpoint', epoch, step: (epoch + 1) * stepsPerEpoch });
        const secondsPerStep = timer.secondsPerStep();
        spec.context.log.emit({
            type: 'epoch', phase: spec.phase, rank: spec.rank, epoch, epochs: spec.plan.epochs,
            loss: seen > 0 ? loss / seen : NaN, accuracy: seen > 0 ? correct / seen : NaN,
            valLoss: validation.loss, valAccuracy: validation.accuracy, seconds: (Date.now() - epochStart) / 1000,
            eta: (total - (epoch + 1) * stepsPerEpoch) * secondsPerStep + spec.context.remainingAfter(secondsPerStep),
        });
    }
    return 'completed';
}

async function runStep(spec: LoopSpec, batch: Batch, step: number, progress: number, lr: number): Promise<StepResult> {
    const x = tf.tensor4d(batch.x, batch.shape);
    const y = tf.tensor1d(batch.y, 'int32');
    try {
        return await spec.step(x, y, step, progress, lr);
    } finally {
        tf.dispose([x, y]);
    }
}

/** The step to continue from: 0, or the one after the last checkpoint. */
function restore(spec: LoopSpec): number {
    const saved = loadCheckpoint<LoopMeta>(spec.context.checkpointPath);
    if (!saved) return 0;
    const targets = new Map<string, tf.Variable>([
        ...spec.parameters.map((p) => [p.name, p.variable] as const),
        ...Object.entries(spec.statistics),
    ]);
    for (const [name, variable] of targets) {
        const array = saved.arrays[name];
        if (!array) throw new Error(`${spec.context.checkpointPath}: no '${name}' in the checkpoint; it belongs to another space`);
        variable.assign(tf.tensor(array.data, array.shape));
    }
    spec.optimizer.restore(saved.arrays);
    return saved.meta.step;
}

async function save(spec: LoopSpec, step: number): Promise<void> {
    const arrays: Record<string, NamedArray> = { ...(await spec.optimizer.state()) };
    for (const p of spec.parameters) arrays[p.name] = await readArray(p.variable);
    for (const [name, v] of Object.entries(spec.statistics)) arrays[name] = await readArray(v);
    saveCheckpoint<LoopMeta>(spec.context.checkpointPath, { meta: { step }, arrays });
}

/** Seconds per step, averaged over the recent steps (the first steps include warm-up). */
class StepTimer {
    private readonly times: number[] = [performance.now()];

    tick(): void {
        this.times.push(performance.now());
        if (this.times.length > 21) this.times.shift();
    }

    secondsPerStep(): number {
        const n = this.times.length - 1;
        return n === 0 ? 0 : (this.times[n]! - this.times[0]!) / 1000 / n;
    }
}

/** Mean loss and accuracy over batches; `logitsOf` returns logits for each batch inside a tidy. */
export async function evaluate(
    subset: Subset, batchSize: number, normalization: Normalization,
    logitsOf: (x: tf.Tensor4D, batchIndex: number) => tf.Tensor2D,
): Promise<{ loss: number; accuracy: number; error: number }> {
    let loss = 0;
    let correct = 0;
    let seen = 0;
    let index = 0;
    for (const batch of batches(subset, { batchSize, normalization, mode: { kind: 'eval' } })) {
        const [l, c] = tf.tidy(() => {
            const logits = logitsOf(tf.tensor4d(batch.x, batch.shape), index++);
            const y = tf.tensor1d(batch.y, 'int32');
            return [lossOf(logits, y).mul(batch.size), correctOf(logits, y)];
        });
        loss += await readScalar(l!);
        correct += await readScalar(c!);
        seen += batch.size;
        tf.dispose([l!, c!]);
    }
    return { loss: loss / seen, accuracy: correct / seen, error: 1 - correct / seen };
}

/** Mean softmax cross-entropy of logits [batch, classes] against labels [batch]. */
export function lossOf(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, logits.shape[1]), logits) as tf.Scalar;
}

/** How many predictions are right, as a scalar tensor. */
export function correctOf(logits: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar {
    return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
}

/** One optimiser update from `loss`; returns the loss value and the number of right predictions. */
export async function optimise(
    parameters: Parameter[], optimizer: Optimizer, lr: number,
    forward: () => { loss: tf.Scalar; correct: tf.Scalar },
): Promise<StepResult> {
    let correct: tf.Scalar | undefined;
    const { value, grads } = tf.variableGrads(() => {
        const out = forward();
        correct = tf.keep(out.correct);
        return out.loss;
    }, parameters.map((p) => p.variable));
    const byName: Record<string, tf.Tensor> = {};
    for (const p of parameters) {
        const g = grads[p.variable.name];
        if (g) byName[p.name] = g;
    }
    optimizer.step(byName, lr);
    tf.dispose(Object.values(grads));
    try {
        return { loss: await readScalar(value), correct: await readScalar(correct!) };
    } finally {
        tf.dispose([value, correct!]);
    }
}
