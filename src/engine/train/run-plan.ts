/**
 * Planning a run: the sizes a run actually uses (the space's, with the user's overrides), and the
 * time the rest of the run will take, estimated from what has been measured so far.
 */
import { OVERRIDE_FLAGS, type RunOverrides } from '../../shared/protocol.js';
import { batchCount } from '../data/batches.js';
import { DATASET_POOLS } from '../data/pools.js';
import type { DataSplit } from '../data/split.js';
import { Random } from '../random.js';
import type { SearchSpace } from '../space/space.js';

export function applyOverrides(space: SearchSpace, o: RunOverrides): SearchSpace {
    return {
        ...space,
        seed: o.seed ?? space.seed,
        data: {
            ...space.data,
            train: o.train ?? space.data.train,
            validation: o.validation ?? space.data.validation,
            test: o.test ?? space.data.test,
        },
        train: { ...space.train, epochs: o.epochs ?? space.train.epochs },
        search: {
            ...space.search,
            random: o.random ?? space.search.random,
            perturb: o.perturb ?? space.search.perturb,
            hillclimb: o.hillclimb ?? space.search.hillclimb,
        },
        retrain: { ...space.retrain, top: o.top ?? space.retrain.top, epochs: o.retrainEpochs ?? space.retrain.epochs },
    };
}

/**
 * Why overrides make a run meaningless, in the words of the checker's rules for the same knobs
 * (smash/out-of-range, smash/data-too-large, smash/batch-too-large, smash/top-too-large): the space
 * itself was checked, the numbers given on top of it were not. `top` may be 0, which scores the
 * architectures and retrains none. Empty: the run can start.
 */
export function overrideProblems(space: SearchSpace, o: RunOverrides): string[] {
    const flag = (key: keyof RunOverrides) => `${OVERRIDE_FLAGS[key]} ${o[key]}`;
    const flags = (keys: ReadonlyArray<keyof RunOverrides>) => keys.filter((key) => o[key] !== undefined).map(flag).join(', ');
    const problems: string[] = [];
    const counts: Array<[keyof RunOverrides, string]> = [['train', 'images'], ['validation', 'images'], ['test', 'images'], ['random', 'architectures']];
    for (const [key, what] of counts) {
        if (o[key] !== undefined && o[key] < 1) problems.push(`${flag(key)}: must be at least 1 (it counts ${what})`);
    }
    if (problems.length > 0) return problems;
    const run = applyOverrides(space, o);
    const { kind, train, validation, test } = run.data;
    // The packaged dataset's files are known; a dataset from a path is measured when it is read.
    const pool = run.data.path === undefined ? DATASET_POOLS[kind] : undefined;
    const images = train ?? (pool ? pool.train - validation : undefined);
    const split = ['train', 'validation'] as const;
    if (pool && images !== undefined && flags(split) && (images < 1 || images + validation > pool.train)) {
        const asked = train === undefined ? `validation ${validation} leaves no training image` : `train ${train} + validation ${validation} = ${train + validation}`;
        problems.push(`${flags(split)}: ${asked}, but the ${kind} training files hold ${pool.train} images`);
    } else if (images !== undefined && flags(split)) {
        const large = ([['train', run.train.batch], ['retrain', run.retrain.batch]] as const).filter(([, batch]) => batch > images);
        if (large.length > 0) {
            problems.push(`${flags(split)}: ${large.map(([name, batch]) => `${name} batch ${batch}`).join(' and ')} ${large.length > 1 ? 'are' : 'is'} larger than the ${images} training image${images === 1 ? '' : 's'}: a step cannot use more images than there are`);
        }
    }
    if (pool && o.test !== undefined && test !== undefined && test > pool.test) {
        problems.push(`${flag('test')}: asks for more images than the ${pool.test} of the ${kind} test files`);
    }
    const { random, perturb, hillclimb } = run.search;
    const stages = ['top', 'random', 'perturb', 'hillclimb'] as const;
    if (flags(stages) && run.retrain.top > random + perturb + hillclimb) {
        problems.push(`${flags(stages)}: retrain top ${run.retrain.top} is more than the ${random + perturb + hillclimb} architectures the search scores (random ${random} + perturb ${perturb} + hillclimb ${hillclimb})`);
    }
    return problems;
}

/**
 * ETA from measured speeds. A training step (forward and backward, batch B) costs about three
 * forward passes of B images, which converts between the phases' units until each phase has been
 * measured itself; a retrained network is taken to cost what the SMASH network does.
 */
export class Estimator {
    private secondsPerImageForward: number | undefined;

    /** `concurrency`: networks that retrain at once at the speed of one, so the top retrain in ceil(top / concurrency) rounds. */
    constructor(private readonly space: SearchSpace, private readonly split: DataSplit, private readonly concurrency: number) {}

    private get scores(): number {
        const { random, perturb, hillclimb } = this.space.search;
        return random + perturb + hillclimb;
    }

    private retrainSteps(): number {
        const { retrain } = this.space;
        const mode = { kind: 'train' as const, random: new Random(0), augment: retrain.augment };
        return retrain.epochs * batchCount(this.split.train.indices.length, retrain.batch, mode);
    }

    afterTraining(secondsPerStep: number): number {
        this.secondsPerImageForward = secondsPerStep / (3 * this.space.train.batch);
        return this.scores * this.scoreSeconds() + this.retrainSeconds(this.space.retrain.top);
    }

    afterRanking(secondsPerScore: number): number {
        this.secondsPerImageForward ??= secondsPerScore / Math.max(1, this.split.validation.indices.length);
        return this.retrainSeconds(this.space.retrain.top);
    }

    /** Steps that `networksLeft` retrainings still to start take, counted in rounds of `concurrency`. */
    stepsAfterRetraining(networksLeft: number): number {
        return Math.ceil(networksLeft / this.concurrency) * this.retrainSteps();
    }

    private scoreSeconds(): number {
        return (this.secondsPerImageForward ?? 0) * this.split.validation.indices.length;
    }

    private retrainSeconds(architectures: number): number {
        return this.stepsAfterRetraining(architectures) * 3 * this.space.retrain.batch * (this.secondsPerImageForward ?? 0);
    }
}
