/**
 * The data, the HyperNet and the three procedures: a dataset that can be found, counts the split
 * can satisfy, an input shape and head that match the images, and settings of training, search
 * and retraining that are legal but would make a run meaningless.
 */
import { GrammarUtils } from 'langium';
import { DATASET_POOLS } from '../engine/data/pools.js';
import { isFlipAugmentation, type Retrain, type Train } from './generated/ast.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DATASETS, DEFAULTS } from './smash-knobs.js';
import { member, type SpaceFacts } from './smash-validator-facts.js';
import { fmt, isCount, plural, propertyRange, rangeOf, type Reporter } from './smash-validator-util.js';

export function checkData(facts: SpaceFacts, report: Reporter): void {
    const { space, datasetKind } = facts;
    const data = member(space, 'DataSection');
    const dataset = DATASETS[datasetKind];
    const pool = DATASET_POOLS[datasetKind];
    if (data?.source && datasetKind !== 'fashion-mnist' && data.path === undefined) {
        report.error(`${datasetKind} needs a \`path\` to its files (\`data ${datasetKind} { path "..." }\`): only Fashion-MNIST ships with SMASH.`,
            data, propertyRange(data, 'source'), { code: IssueCodes.DataPathMissing });
    }
    if (data && pool) {
        const validation = isCount(data.validation) ? data.validation : data.validation === undefined ? DEFAULTS.validation : undefined;
        const train = isCount(data.train) ? data.train : data.train === undefined ? 1 : undefined;
        const severity = data.path === undefined ? 'error' : 'warning';
        if (validation !== undefined && train !== undefined && train + validation > pool.train) {
            const asked = data.train === undefined ? `validation ${fmt(validation)} leaves no training image` : `train ${fmt(train)} + validation ${fmt(validation)} = ${fmt(train + validation)}`;
            report[severity](`${asked}, but the ${datasetKind} training files hold ${fmt(pool.train)} images.`,
                data, propertyRange(data, data.train !== undefined ? 'train' : 'validation'), { code: IssueCodes.DataTooLarge });
        }
        if (isCount(data.test) && data.test > pool.test) {
            report[severity](`test ${fmt(data.test)} asks for more images than the ${fmt(pool.test)} of the ${datasetKind} test files.`,
                data, propertyRange(data, 'test'), { code: IssueCodes.DataTooLarge });
        }
    }
    const input = member(space, 'InputDecl');
    if (input && dataset) {
        for (const dim of ['height', 'width', 'channels'] as const) {
            const value = input[dim];
            if (!isCount(value) || value === dataset.input[dim]) continue;
            report.warning(`input ${dim} ${fmt(value)} differs from the ${dataset.input[dim]} of ${datasetKind} images, which are ${dataset.input.height} x ${dataset.input.width} x ${dataset.input.channels}; the images are not resized.`,
                input, propertyRange(input, dim), { code: IssueCodes.InputMismatch });
        }
    }
    const classes = member(space, 'ClassesDecl');
    if (classes && dataset && isCount(classes.value) && classes.value !== dataset.classes) {
        const fewer = classes.value < dataset.classes;
        const message = fewer
            ? `classes ${fmt(classes.value)} is fewer than the ${dataset.classes} classes of ${datasetKind}: labels ${fmt(classes.value)} and up would have no output of the head.`
            : `classes ${fmt(classes.value)} is more than the ${dataset.classes} classes of ${datasetKind}: the extra outputs of the head are never a target.`;
        report[fewer ? 'error' : 'warning'](message, classes, propertyRange(classes, 'value'), { code: IssueCodes.ClassesMismatch });
    }
}

export function checkProcedures(facts: SpaceFacts, report: Reporter): void {
    const { space, datasetKind } = facts;
    const data = member(space, 'DataSection');
    const train = member(space, 'Train');
    const search = member(space, 'Search');
    const retrain = member(space, 'Retrain');
    const hyper = member(space, 'HyperNet');
    const stagesKeyword = hyper && GrammarUtils.findNodeForKeyword(hyper.$cstNode, 'stages');
    if (hyper && stagesKeyword && hyper.stages.length === 0) {
        report.error('`stages` lists no dense stage: give the layers per stage, e.g. `stages [8, 10, 4]`.',
            hyper, stagesKeyword.range, { code: IssueCodes.StagesEmpty });
    }
    if (hyper?.legacyEncoding) {
        report.info('legacyEncoding reproduces known bugs of the original encoding (groups one channel off, op flags that carry nothing): use it only to compare with the original code.',
            hyper, propertyRange(hyper, 'legacyEncoding'), { code: IssueCodes.LegacyEncoding });
    }
    const pool = DATASET_POOLS[datasetKind];
    const validation = isCount(data?.validation) ? data.validation : DEFAULTS.validation;
    const trainImages = isCount(data?.train) ? data.train : pool ? pool.train - validation : undefined;
    for (const section of [train, retrain]) {
        if (!section) continue;
        const name = section.$type === 'Train' ? 'train' : 'retrain';
        if (trainImages !== undefined && trainImages > 0 && isCount(section.batch) && section.batch > trainImages) {
            report.error(`${name} batch ${fmt(section.batch)} is larger than the ${plural(trainImages, 'training image')}: a step cannot use more images than there are.`,
                section, propertyRange(section, 'batch'), { code: IssueCodes.BatchTooLarge });
        }
        if (section.epochs === 0) {
            report.warning(`${name} epochs 0 ${section.$type === 'Train' ? 'leaves the HyperNet untrained, so SMASH scores are those of random weights' : 'reports the accuracy of untrained networks'}.`,
                section, propertyRange(section, 'epochs'), { code: IssueCodes.ZeroEpochs });
        }
        checkFlip(section, datasetKind, report);
    }
    if (search && isCount(search.batch) && search.batch > validation) {
        report.warning(`search batch ${fmt(search.batch)} is larger than the ${fmt(validation)} validation images; every batch holds all of them.`,
            search, propertyRange(search, 'batch'), { code: IssueCodes.BatchTooLarge });
    }
    const random = search?.random ?? DEFAULTS.search.random;
    const perturb = search?.perturb ?? DEFAULTS.search.perturb;
    const hillclimb = search?.hillclimb ?? DEFAULTS.search.hillclimb;
    if (search && search.perturbProb === 0 && (perturb > 0 || hillclimb > 0)) {
        report.warning('perturbProb 0 never changes a field, so every perturbation and hill-climbing step scores the same architecture again.',
            search, propertyRange(search, 'perturbProb'), { code: IssueCodes.PerturbProbZero });
    }
    const scored = random + perturb + hillclimb;
    if (retrain && isCount(retrain.top) && [random, perturb, hillclimb].every((n) => isCount(n, 0)) && retrain.top > scored) {
        report.error(`retrain top ${fmt(retrain.top)} is more than the ${fmt(scored)} architectures the search scores (random ${random} + perturb ${perturb} + hillclimb ${hillclimb}).`,
            retrain, propertyRange(retrain, 'top'), { code: IssueCodes.TopTooLarge });
    }
    train?.kernelAnneal.forEach((p, i) => {
        const before = train.kernelAnneal[i - 1]?.value;
        if (before === undefined || typeof p.value !== 'number' || p.value > before) return;
        report.error(`kernelAnneal points must increase: ${fmt(p.value)}% comes after ${fmt(before)}%, and each point unlocks the next larger kernel size.`,
            p, rangeOf(p), { code: IssueCodes.KernelAnnealOrder });
    });
}

function checkFlip(section: Train | Retrain, datasetKind: SpaceFacts['datasetKind'], report: Reporter): void {
    if (DATASETS[datasetKind]?.flip !== false) return;
    const flip = section.augment.find(isFlipAugmentation);
    if (!flip) return;
    report.warning(`Flipping ${datasetKind} digits horizontally makes images that belong to no class (a mirrored 2 is not a 2); leave \`flip\` out.`,
        flip, rangeOf(flip), { code: IssueCodes.FlipDigits });
}
