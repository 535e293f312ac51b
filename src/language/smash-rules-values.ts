/**
 * Every number of the language on its own: whole numbers where the knob counts something
 * (channels, pixels, banks, images, draws), fractions, probabilities and percentages in their
 * intervals, weights above 0, ranges that are not inverted. The rules that relate several knobs
 * (multiples of the unit, resolutions, budgets) are elsewhere and only see values that pass here.
 */
import type { AstNode } from 'langium';
import { isIntRange, type IntRange } from './generated/ast.js';
import { IssueCodes, type IssueCode } from './smash-issue-codes.js';
import { MAX_VALUES } from './smash-validator-facts.js';
import { fmt, propertyNode, rangeOf, type Reporter } from './smash-validator-util.js';

type Kind = 'count' | 'count0' | 'seed' | 'fraction' | 'probability' | 'belowOne' | 'positive' | 'nonNegative' | 'percent' | 'weight';

/** A numeric property: how it is checked, and what it measures (the "why" of the message). */
interface NumberRule { kind: Kind; what: string; label?: string }

const count = (what: string, label?: string): NumberRule => ({ kind: 'count', what, label });
const weight: NumberRule = { kind: 'weight', what: 'a relative draw frequency' };

const RULES: Record<string, Record<string, NumberRule>> = {
    UnitDecl: { value: count('channels', 'unit') },
    MaxWidthDecl: { value: count('channels', 'maxWidth') },
    SliceDecl: { value: count('units per encoding column', 'slice') },
    SeedDecl: { value: { kind: 'seed', what: 'the seed of the 32-bit random generator', label: 'seed' } },
    ClassesDecl: { value: count('classes', 'classes') },
    InputDecl: { height: count('pixels', 'input height'), width: count('pixels', 'input width'), channels: count('image channels', 'input channels') },
    DataSection: { train: count('images', 'data train'), validation: count('images', 'data validation'), test: count('images', 'data test') },
    Stem: { kernel: count('pixels', 'stem kernel'), width: count('channels', 'stem width'), stride: count('pixels per step', 'stem stride') },
    Block: { maxBanks: count('banks of one unit') },
    FractionBudget: {
        min: { kind: 'fraction', what: "the least share of the block's full budget", label: 'budget minimum' },
        max: { kind: 'fraction', what: "the largest share of the block's full budget", label: 'budget maximum' },
        total: count('1x1 input channels', 'budget total (`of`)'),
    },
    AbsoluteBudget: { channels: count('1x1 input channels', 'budget') },
    Anneal: { start: { kind: 'fraction', what: "the budget's upper bound when training starts", label: 'anneal start' } },
    Percent: { value: { kind: 'percent', what: 'a share of training', label: 'percentage' } },
    Transition: { width: count('channels', 'transition width') },
    Head: { grid: count('cells per side', 'head grid') },
    OpFamily: { receptiveField: count('pixels') },
    OpRef: { weight },
    StructureChoice: { weight },
    ActivationChoice: { weight },
    WeightedValue: { value: count(''), weight },
    IntRange: { low: count(''), high: count('') },
    SingleValue: { value: count('') },
    HyperNet: {
        growth: count('channels added per dense layer', 'hypernet growth'), stages: count('dense layers', 'stages'),
        stem: count('channels', 'hypernet stem'), multiplier: count('multiples of maxWidth generated per op', 'multiplier'),
        leak: { kind: 'probability', what: 'the slope of LeakyReLU for negative inputs', label: 'leak' },
    },
    Train: {
        epochs: { kind: 'count0', what: 'passes over the training images', label: 'train epochs' },
        batch: count('images per step', 'train batch'),
        weightDecay: { kind: 'nonNegative', what: 'an L2 penalty factor', label: 'train weightDecay' },
    },
    Search: {
        random: count('architectures', 'search random'), perturb: { kind: 'count0', what: 'architectures', label: 'search perturb' },
        hillclimb: { kind: 'count0', what: 'steps', label: 'search hillclimb' },
        perturbProb: { kind: 'probability', what: 'the chance that a field is redrawn', label: 'perturbProb' },
        batch: count('images per scoring batch', 'search batch'),
    },
    ScoreNorm: { batches: count('training batches', 'recalibrate') },
    Retrain: {
        top: count('architectures', 'retrain top'),
        epochs: { kind: 'count0', what: 'passes over the training images', label: 'retrain epochs' },
        batch: count('images per step', 'retrain batch'),
        weightDecay: { kind: 'nonNegative', what: 'an L2 penalty factor', label: 'retrain weightDecay' },
    },
    LearningRate: { value: { kind: 'positive', what: 'the step size', label: 'lr' } },
    Betas: {
        beta1: { kind: 'belowOne', what: 'the decay of the gradient average', label: 'betas' },
        beta2: { kind: 'belowOne', what: 'the decay of the squared-gradient average', label: 'betas' },
    },
    Epsilon: { value: { kind: 'positive', what: 'added to the denominator to keep it from 0', label: 'eps' } },
    Momentum: { value: { kind: 'belowOne', what: 'the decay of the velocity (1 would never forget a gradient)', label: 'momentum' } },
    CropAugmentation: { padding: { kind: 'count0', what: 'pixels of zero padding', label: 'crop' } },
};

/** What the values of a choice knob count, by the property of the op family or block holding them. */
const CHOICE_WHAT: Record<string, string> = {
    bankSize: 'units of N per bank', kernel: 'pixels', kernelWidth: 'pixels', dilation: 'pixels between kernel taps',
    groups: 'conv groups', bottleneck: 'multiples of the op width', paths: 'parallel paths', depth: 'convs per path',
    reads: 'banks', writes: 'banks',
};

function choiceKnob(node: AstNode): string {
    const holder = node.$type === 'WeightedValue' ? node.$container : node;
    return holder?.$containerProperty ?? 'value';
}

export function checkNumbers(node: AstNode, report: Reporter): void {
    const rules = RULES[node.$type];
    if (!rules) return;
    for (const [property, rule] of Object.entries(rules)) {
        const value = (node as unknown as Record<string, unknown>)[property];
        const values = Array.isArray(value) ? value : [value];
        values.forEach((v, i) => {
            if (typeof v !== 'number') return;
            const cst = propertyNode(node, property, Array.isArray(value) ? i : undefined);
            const range = cst?.range ?? rangeOf(node);
            const text = cst?.text ?? fmt(v);
            const knob = choiceKnob(node);
            const named = rule.what === '' ? { ...rule, what: CHOICE_WHAT[knob] ?? 'units', label: knob === 'kernelWidth' ? 'kernel' : knob } : rule;
            const problem = checkNumber(v, text, named.label ?? property, named);
            if (problem) report.error(problem.message, node, range, { code: problem.code });
        });
    }
    if (isIntRange(node)) checkRange(node, report);
}

function checkNumber(v: number, text: string, label: string, rule: NumberRule): { code: IssueCode; message: string } | undefined {
    const knob = `\`${label}\``;
    if (!Number.isFinite(v)) {
        return { code: IssueCodes.OutOfRange, message: `${knob}: ${text} is too large to be a number.` };
    }
    const whole = rule.kind === 'count' || rule.kind === 'count0' || rule.kind === 'seed';
    if (whole && !Number.isSafeInteger(v)) {
        const why = Number.isInteger(v) ? `${text} is too large (whole numbers go up to 2^53 - 1)` : `${text} is not whole`;
        const meaning = rule.kind === 'seed' ? `is ${rule.what}` : `counts ${rule.what}`;
        return { code: IssueCodes.NotInteger, message: `${knob} ${meaning}, so it must be a whole number; ${why}.` };
    }
    const out = (allowed: string): { code: IssueCode; message: string } => ({
        code: IssueCodes.OutOfRange, message: `${knob} must be ${allowed}; ${text} is not.`,
    });
    // A negative number is a slip of a sign more often than a misunderstanding: say the bound first.
    if (v < 0 && rule.kind !== 'weight') {
        const bound = whole ? 'a whole number ≥ 0' : 'a number ≥ 0';
        const least = rule.kind === 'count' ? 'a whole number ≥ 1' : rule.kind === 'positive' || rule.kind === 'fraction' ? 'greater than 0' : bound;
        return { code: IssueCodes.OutOfRange, message: `\`${text}\`: ${label} must be ${least}` };
    }
    switch (rule.kind) {
        case 'count': return v >= 1 ? undefined : out(`at least 1 (it counts ${rule.what})`);
        case 'count0': return undefined;
        case 'seed': return v <= 0xffffffff ? undefined : out(`at most 4294967295 (${rule.what}; larger seeds would wrap around and repeat smaller ones)`);
        case 'fraction': return v > 0 && v <= 1 ? undefined : out(`a fraction in (0, 1] (it is ${rule.what})`);
        case 'probability': return v <= 1 ? undefined : out(`in [0, 1] (it is ${rule.what})`);
        case 'belowOne': return v < 1 ? undefined : out(`in [0, 1) (it is ${rule.what})`);
        case 'positive': return v > 0 ? undefined : out(`greater than 0 (it is ${rule.what})`);
        case 'nonNegative': return undefined;
        case 'percent': return v <= 100 ? undefined : out(`a percentage from 0 to 100 (it is ${rule.what})`);
        case 'weight': return v > 0 ? undefined : {
            code: IssueCodes.WeightNotPositive,
            message: `Weights are relative draw frequencies, so each must be greater than 0; ${text} is not (leave the value out to never draw it).`,
        };
    }
}

/** `4 .. 1` stands for no value at all; `1 .. 1e6` for more values than the compiler expands. */
function checkRange(range: IntRange, report: Reporter): void {
    const { low, high } = range;
    if (typeof low !== 'number' || typeof high !== 'number' || !Number.isSafeInteger(low) || !Number.isSafeInteger(high)) return;
    const lowNode = propertyNode(range, 'low');
    const highNode = propertyNode(range, 'high');
    if (high < low) {
        report.error(`The range ${fmt(low)} .. ${fmt(high)} is empty: the lower bound comes first (write ${fmt(high)} .. ${fmt(low)}).`,
            range, rangeOf(range),
            { code: IssueCodes.InvertedRange, swap: lowNode && highNode ? { low: lowNode.range, high: highNode.range } : undefined });
    } else if (high - low > MAX_VALUES) {
        report.error(`The range ${fmt(low)} .. ${fmt(high)} holds ${fmt(high - low + 1)} values; a range may hold at most ${fmt(MAX_VALUES + 1)}.`,
            range, rangeOf(range), { code: IssueCodes.TooManyValues });
    }
}
