/**
 * Optimisers with PyTorch's semantics, written out because the learning rate changes every step
 * (cosine schedule), weight decay is coupled L2 on chosen parameters only (never the HyperNet), and
 * their state must go into checkpoints. A parameter without a gradient in a step (a weight the
 * sampled architecture does not use) is left untouched, moments included, as PyTorch does.
 */
import { readArray } from '../backend/read.js';
import type { NamedArray } from '../run/checkpoint.js';
import type { AdamSpec, SgdSpec, TrainingPlan } from '../space/space.js';
import { tf } from '../backend/tf.js';

/** What the learning rate of a step depends on. */
export type LearningRatePlan = Pick<TrainingPlan, 'optimizer' | 'schedule' | 'warmup' | 'lrFloor'>;

export interface Parameter {
    name: string;
    variable: tf.Variable;
    /** Coupled L2 weight decay (added to the gradient). */
    decay: boolean;
}

export interface Optimizer {
    /** Applies one update with learning rate `lr`; `grads` maps parameter names to gradients. */
    step(grads: Record<string, tf.Tensor>, lr: number): void;
    /** Moments and counters for a checkpoint; names are prefixed with the parameter's name. */
    state(): Promise<Record<string, NamedArray>>;
    restore(arrays: Record<string, NamedArray>): void;
    /** Frees the moment buffers. */
    dispose(): void;
}

/**
 * The learning rate of step t of T: a linear warm-up from lr0/W to lr0 over the first W = warmup·T
 * steps, then cosine annealing per iteration from lr0 to lrFloor·lr0 over the remaining steps, or
 * constant. warmup 0 and lrFloor 0 give the paper's lr0 · (1 + cos(π·t/T)) / 2.
 */
export function learningRate(plan: LearningRatePlan, step: number, totalSteps: number): number {
    const lr0 = plan.optimizer.lr;
    const warmupSteps = Math.round(plan.warmup * totalSteps);
    if (step < warmupSteps) return (lr0 * (step + 1)) / warmupSteps;
    if (plan.schedule === 'constant' || totalSteps <= warmupSteps) return lr0;
    const progress = Math.min(step - warmupSteps, totalSteps - warmupSteps) / (totalSteps - warmupSteps);
    const floor = plan.lrFloor * lr0;
    return floor + 0.5 * (lr0 - floor) * (1 + Math.cos(Math.PI * progress));
}

abstract class BaseOptimizer implements Optimizer {
    protected readonly slots = new Map<string, tf.Variable[]>();
    protected readonly steps = new Map<string, number>();

    constructor(protected readonly params: Parameter[], private readonly weightDecay: number, private readonly slotCount: number) {}

    step(grads: Record<string, tf.Tensor>, lr: number): void {
        for (const p of this.params) {
            const grad = grads[p.name];
            if (!grad) continue;
            const t = (this.steps.get(p.name) ?? 0) + 1;
            this.steps.set(p.name, t);
            tf.tidy(() => {
                const g = p.decay && this.weightDecay > 0 ? grad.add(p.variable.mul(this.weightDecay)) : grad;
                this.update(p, g, lr, t, this.slotsOf(p));
            });
        }
    }

    protected abstract update(p: Parameter, g: tf.Tensor, lr: number, t: number, slots: tf.Variable[]): void;

    private slotsOf(p: Parameter): tf.Variable[] {
        let slots = this.slots.get(p.name);
        if (!slots) {
            slots = Array.from({ length: this.slotCount }, () => tf.variable(tf.zerosLike(p.variable), false));
            this.slots.set(p.name, slots);
        }
        return slots;
    }

    async state(): Promise<Record<string, NamedArray>> {
        const out: Record<string, NamedArray> = {};
        for (const p of this.params) {
            const slots = this.slots.get(p.name);
            if (!slots) continue;
            out[`${p.name}#t`] = { shape: [1], data: new Float32Array([this.steps.get(p.name) ?? 0]) };
            for (const [i, s] of slots.entries()) out[`${p.name}#${i}`] = await readArray(s);
        }
        return out;
    }

    dispose(): void {
        for (const slots of this.slots.values()) tf.dispose(slots);
        this.slots.clear();
    }

    restore(arrays: Record<string, NamedArray>): void {
        for (const p of this.params) {
            const t = arrays[`${p.name}#t`];
            if (!t) continue;
            this.steps.set(p.name, t.data[0]!);
            const slots = this.slotsOf(p);
            slots.forEach((s, i) => {
                const saved = arrays[`${p.name}#${i}`];
                if (saved) s.assign(tf.tensor(saved.data, saved.shape));
            });
        }
    }
}

export class Adam extends BaseOptimizer {
    constructor(params: Parameter[], private readonly spec: AdamSpec, weightDecay: number) {
        super(params, weightDecay, 2);
    }

    protected update(p: Parameter, g: tf.Tensor, lr: number, t: number, [m, v]: tf.Variable[]): void {
        const { beta1, beta2, eps } = this.spec;
        m!.assign(m!.mul(beta1).add(g.mul(1 - beta1)));
        v!.assign(v!.mul(beta2).add(g.square().mul(1 - beta2)));
        const stepSize = lr / (1 - beta1 ** t);
        const denom = v!.div(1 - beta2 ** t).sqrt().add(eps);
        p.variable.assign(p.variable.sub(m!.div(denom).mul(stepSize)));
    }
}

export class Sgd extends BaseOptimizer {
    constructor(params: Parameter[], private readonly spec: SgdSpec, weightDecay: number) {
        super(params, weightDecay, 1);
    }

    protected update(p: Parameter, g: tf.Tensor, lr: number, t: number, [buffer]: tf.Variable[]): void {
        const { momentum, nesterov } = this.spec;
        if (momentum === 0) {
            p.variable.assign(p.variable.sub(g.mul(lr)));
            return;
        }
        // PyTorch starts the momentum buffer at the first gradient rather than decaying zeros.
        buffer!.assign(t === 1 ? g : buffer!.mul(momentum).add(g));
        const direction = nesterov ? g.add(buffer!.mul(momentum)) : buffer!;
        p.variable.assign(p.variable.sub(direction.mul(lr)));
    }
}

export function createOptimizer(spec: AdamSpec | SgdSpec, params: Parameter[], weightDecay: number): Optimizer {
    return spec.kind === 'adam' ? new Adam(params, spec, weightDecay) : new Sgd(params, spec, weightDecay);
}
