/**
 * Compiles a checked `.smash` AST into the engine's plain search-space description
 * (src/engine/space/space.ts), filling every default from smash-knobs.ts. Call it only on a document
 * without errors: it trusts the validator for ranges, references and the block/transition order.
 */
import type {
    AugmentSpec, BlockSpec, Choice, DataSpec, OpFamilySpec, OptimizerSpec, Schedule, ScoreNorm, SearchSpace, TrainingPlan,
    TransitionSpec,
} from '../engine/space/space.js';
import {
    isAdamOptimizer, isBetas, isBlock, isCropAugmentation, isEpsilon, isFlipAugmentation, isFractionBudget,
    isLearningRate, isMomentum, isNesterov, isNoAugmentation, isOpFamily, isTransition,
    type Augmentation, type Member, type Optimizer, type Retrain, type ScoreNorm as ScoreNormNode, type Space, type Train,
} from './generated/ast.js';
import { intChoices, sourceOf, uniformChoices } from './smash-choices.js';
import { compileOpFamily, defaultOpFamily } from './smash-compile-ops.js';
import { DATASETS, DEFAULTS } from './smash-knobs.js';

type MemberOf<T extends Member['$type']> = Extract<Member, { $type: T }>;

function member<T extends Member['$type']>(space: Space, type: T): MemberOf<T> | undefined {
    return space.members.find((m): m is MemberOf<T> => m.$type === type);
}

export function compileSpace(space: Space): SearchSpace {
    const at = sourceOf(space);
    const dataNode = member(space, 'DataSection');
    const kind = dataNode?.source ?? 'fashion-mnist';
    const dataset = DATASETS[kind];
    const data: DataSpec = {
        kind,
        path: dataNode?.path,
        train: dataNode?.train,
        validation: dataNode?.validation ?? DEFAULTS.validation,
        test: dataNode?.test,
        at: dataNode ? sourceOf(dataNode) : at,
    };
    const inputNode = member(space, 'InputDecl');
    const input = inputNode
        ? { height: inputNode.height, width: inputNode.width, channels: inputNode.channels }
        : { ...dataset.input };
    const unit = member(space, 'UnitDecl')?.value ?? DEFAULTS.unit;
    const maxWidth = member(space, 'MaxWidthDecl')?.value ?? DEFAULTS.maxWidth;
    const stemNode = member(space, 'Stem');
    const stem = {
        kernel: stemNode?.kernel ?? DEFAULTS.stemKernel,
        width: stemNode?.width ?? maxWidth,
        stride: stemNode?.stride ?? DEFAULTS.stemStride,
        at: stemNode ? sourceOf(stemNode) : at,
    };

    const headNode = member(space, 'Head');
    const head = { grid: headNode?.grid ?? DEFAULTS.headGrid, at: headNode ? sourceOf(headNode) : at };

    const families = space.members.filter(isOpFamily);
    const maxBanksDefault = 3 * (maxWidth / unit);
    const blockNodes = space.members.filter(isBlock);
    const bankLimit = Math.max(maxBanksDefault, ...blockNodes.map((b) => b.maxBanks ?? maxBanksDefault));
    const ops: Record<string, OpFamilySpec> = {};
    for (const family of families) ops[family.name] = compileOpFamily(family, unit, bankLimit);
    if (families.length === 0) ops.conv = defaultOpFamily(unit, bankLimit, at);

    const transitions: TransitionSpec[] = space.members.filter(isTransition).map((t) => ({
        width: t.width ?? stem.width,
        pool: (t.pool ?? 'avg') as TransitionSpec['pool'],
        at: sourceOf(t),
    }));
    // The stem pads k // 2 on each side, so stride s leaves ceil(size / s) pixels per axis.
    let resolution: [number, number] = [Math.ceil(input.height / stem.stride), Math.ceil(input.width / stem.stride)];
    const blocks: BlockSpec[] = blockNodes.map((b, i) => {
        const inChannels = i === 0 ? stem.width : transitions[i - 1]?.width ?? stem.width;
        if (i > 0) resolution = [Math.floor(resolution[0] / 2), Math.floor(resolution[1] / 2)];
        const maxBanks = b.maxBanks ?? maxBanksDefault;
        const blockAt = sourceOf(b);
        const budgetNode = b.budget;
        const fullBudget = inChannels + 4 * maxBanks * unit;
        const budget = isFractionBudget(budgetNode)
            ? {
                min: budgetNode.min, max: budgetNode.max, total: budgetNode.total ?? fullBudget,
                anneal: budgetNode.anneal
                    ? { start: budgetNode.anneal.start ?? Math.max(budgetNode.min, budgetNode.max / 2), over: budgetNode.anneal.over.value / 100 }
                    : undefined,
                at: sourceOf(budgetNode),
            }
            : budgetNode
                ? { min: 1, max: 1, total: budgetNode.channels, at: sourceOf(budgetNode) }
                : {
                    min: DEFAULTS.budget.min, max: DEFAULTS.budget.max, total: fullBudget,
                    anneal: { start: DEFAULTS.budget.annealStart, over: DEFAULTS.budget.annealOver }, at: blockAt,
                };
        const blockOps: Choice<string>[] = b.ops.length > 0
            ? b.ops.map((ref) => ({ value: ref.op.ref?.name ?? ref.op.$refText, weight: ref.weight ?? 1, at: sourceOf(ref) }))
            : uniformChoices(Object.keys(ops), blockAt);
        return {
            name: b.name,
            inChannels,
            resolution,
            bankSizes: b.bankSize
                ? intChoices(b.bankSize)
                : uniformChoices(Array.from({ length: maxWidth / unit }, (_, k) => k + 1), blockAt),
            maxBanks,
            budget,
            ops: blockOps,
            at: blockAt,
        };
    });

    const hyper = member(space, 'HyperNet');
    const train = member(space, 'Train');
    const search = member(space, 'Search');
    const retrain = member(space, 'Retrain');
    const trainAugment = compileAugment(train?.augment, { crop: DEFAULTS.train.crop, flip: dataset.flip });
    const d = DEFAULTS;
    return {
        name: space.name,
        uri: at.uri,
        seed: member(space, 'SeedDecl')?.value ?? d.seed,
        data,
        input,
        classes: member(space, 'ClassesDecl')?.value ?? dataset.classes,
        unit,
        maxWidth,
        slice: member(space, 'SliceDecl')?.value ?? d.slice,
        stem,
        blocks,
        transitions,
        head,
        ops,
        hypernet: {
            growth: hyper?.growth ?? d.hypernet.growth,
            stages: hyper && hyper.stages.length > 0 ? [...hyper.stages] : [...d.hypernet.stages],
            stem: hyper?.stem ?? d.hypernet.stem,
            multiplier: hyper?.multiplier ?? d.hypernet.multiplier,
            leak: hyper?.leak ?? d.hypernet.leak,
            legacyEncoding: hyper?.legacyEncoding ?? false,
        },
        train: {
            epochs: train?.epochs ?? d.train.epochs,
            batch: train?.batch ?? d.train.batch,
            optimizer: compileOptimizer(train?.optimizer, {
                kind: 'adam', lr: d.train.lr, beta1: d.train.beta1, beta2: d.train.beta2, eps: d.train.eps,
            }),
            ...compileSchedule(train, d.train),
            weightDecay: train?.weightDecay ?? d.train.weightDecay,
            augment: trainAugment,
            kernelAnneal: train && train.kernelAnneal.length > 0
                ? train.kernelAnneal.map((p) => p.value / 100)
                : [...d.train.kernelAnneal],
        },
        search: {
            random: search?.random ?? d.search.random,
            perturb: search?.perturb ?? d.search.perturb,
            hillclimb: search?.hillclimb ?? d.search.hillclimb,
            perturbProb: search?.perturbProb ?? d.search.perturbProb,
            batch: search?.batch ?? d.search.batch,
            norm: compileScoreNorm(search?.norm),
        },
        retrain: {
            top: retrain?.top ?? d.retrain.top,
            epochs: retrain?.epochs ?? d.retrain.epochs,
            batch: retrain?.batch ?? d.retrain.batch,
            optimizer: compileOptimizer(retrain?.optimizer, {
                kind: 'sgd', lr: d.retrain.lr, momentum: d.retrain.momentum, nesterov: true,
            }),
            ...compileSchedule(retrain, d.retrain),
            weightDecay: retrain?.weightDecay ?? d.retrain.weightDecay,
            augment: compileAugment(retrain?.augment, trainAugment),
        },
        at,
    };
}

/**
 * The learning-rate schedule, its floor and warm-up as fractions. A written `schedule cosine` is the
 * paper's anneal to 0; only a schedule left out takes the default floor.
 */
function compileSchedule(node: Train | Retrain | undefined, defaults: { warmup: number; lrFloor: number }): Pick<TrainingPlan, 'schedule' | 'warmup' | 'lrFloor'> {
    const floor = node?.lrFloor ? node.lrFloor.value / 100 : node?.schedule ? 0 : defaults.lrFloor;
    return {
        schedule: (node?.schedule ?? 'cosine') as Schedule,
        warmup: node?.warmup ? node.warmup.value / 100 : defaults.warmup,
        lrFloor: floor,
    };
}

function compileScoreNorm(node: ScoreNormNode | undefined): ScoreNorm {
    const kind = node?.kind ?? DEFAULTS.search.norm;
    if (kind === 'recalibrate') return { kind, batches: node?.batches ?? DEFAULTS.search.recalibrate };
    return { kind: kind as 'running' | 'batch' };
}

function compileOptimizer(node: Optimizer | undefined, fallback: OptimizerSpec): OptimizerSpec {
    if (!node) return fallback;
    const lr = node.params.find(isLearningRate)?.value;
    if (isAdamOptimizer(node)) {
        const base = fallback.kind === 'adam' ? fallback : { kind: 'adam' as const, lr: DEFAULTS.train.lr, ...DEFAULTS.adam };
        const betas = node.params.find(isBetas);
        return {
            kind: 'adam', lr: lr ?? base.lr, beta1: betas?.beta1 ?? base.beta1, beta2: betas?.beta2 ?? base.beta2,
            eps: node.params.find(isEpsilon)?.value ?? base.eps,
        };
    }
    const explicit = node.params.length > 0;
    return {
        kind: 'sgd',
        lr: lr ?? (fallback.kind === 'sgd' ? fallback.lr : DEFAULTS.retrain.lr),
        momentum: node.params.find(isMomentum)?.value ?? DEFAULTS.sgdMomentum,
        nesterov: explicit ? node.params.some((p) => isNesterov(p) && p.enabled) : true,
    };
}

/** The written list, or the fallback when there is none; `none` turns augmentation off. */
function compileAugment(items: Augmentation[] | undefined, fallback: AugmentSpec): AugmentSpec {
    if (!items || items.length === 0) return { ...fallback };
    if (items.some(isNoAugmentation)) return { crop: 0, flip: false };
    return {
        crop: items.find(isCropAugmentation)?.padding ?? 0,
        flip: items.some(isFlipAugmentation),
    };
}
