import { describe, expect, test } from 'vitest';
import { BASE, checkRule, diagnose, expectIssue, variant, withMembers, type RuleCase } from './validation-helpers.js';

const cases: RuleCase[] = [
    {
        name: 'a fraction where a count belongs', code: 'smash/not-integer',
        bad: variant([['maxBanks 12', 'maxBanks 12.5']]), at: '12.5', good: variant([['maxBanks 12', 'maxBanks 13']]),
    },
    {
        name: 'a count beyond the exact integers', code: 'smash/not-integer',
        bad: variant([['epochs 1 batch', 'epochs 99999999999999999999 batch']]), at: '99999999999999999999',
        good: variant([['epochs 1 batch', 'epochs 9999 batch']]),
    },
    {
        name: 'a fractional kernel in a set', code: 'smash/not-integer',
        bad: variant([['kernel {3, 5}', 'kernel {3, 4.5}']]), at: '4.5', good: BASE,
    },
    {
        name: 'a count of zero', code: 'smash/out-of-range',
        bad: variant([['random 10', 'random 0']]), at: { text: '0', after: 'random ' }, good: BASE,
    },
    {
        name: 'a number too large to represent', code: 'smash/out-of-range',
        bad: variant([['batch 32', 'batch 1e999']]), at: '1e999', good: BASE,
    },
    {
        name: 'a seed beyond 32 bits', code: 'smash/out-of-range',
        bad: withMembers('seed 4294967296'), at: '4294967296', good: withMembers('seed 4294967295'),
    },
    {
        name: 'a budget fraction of 0', code: 'smash/out-of-range',
        bad: variant([['maxBanks 12 ops', 'maxBanks 12 budget 0 .. 1 ops']]), at: { text: '0', after: 'budget ' },
        good: variant([['maxBanks 12 ops', 'maxBanks 12 budget 0.1 .. 1 ops']]),
    },
    {
        name: 'a probability above 1', code: 'smash/out-of-range',
        bad: variant([['hillclimb 2', 'hillclimb 2 perturbProb 1.5']]), at: '1.5',
        good: variant([['hillclimb 2', 'hillclimb 2 perturbProb 1']]),
    },
    {
        name: 'a percentage above 100', code: 'smash/out-of-range',
        bad: variant([['epochs 1 batch 32', 'epochs 1 batch 32 kernelAnneal 10%, 150%']]), at: '150',
        good: variant([['epochs 1 batch 32', 'epochs 1 batch 32 kernelAnneal 10%, 100%']]),
    },
    {
        name: 'an Adam beta of 1', code: 'smash/out-of-range',
        bad: variant([['epochs 1', 'epochs 1 optimizer adam(betas 0.5 1)']]), at: { text: '1', after: 'betas 0.5 ' },
        good: variant([['epochs 1', 'epochs 1 optimizer adam(betas 0.5 0.999)']]),
    },
    {
        name: 'a learning rate of 0', code: 'smash/out-of-range',
        bad: variant([['epochs 1', 'epochs 1 optimizer sgd(lr 0)']]), at: { text: '0', after: 'lr ' },
        good: variant([['epochs 1', 'epochs 1 optimizer sgd(lr 0.1)']]),
    },
    {
        name: 'an inverted range', code: 'smash/inverted-range',
        bad: variant([['bankSize 1 .. 4', 'bankSize 4 .. 1']]), at: '4 .. 1', good: BASE,
    },
    {
        name: 'an inverted budget range', code: 'smash/inverted-range',
        bad: variant([['maxBanks 12 ops', 'maxBanks 12 budget 0.9 .. 0.3 ops']]), at: '0.9 .. 0.3',
        good: variant([['maxBanks 12 ops', 'maxBanks 12 budget 0.3 .. 0.9 ops']]),
    },
    {
        name: 'a range of more values than the compiler expands', code: 'smash/too-many-values',
        bad: variant([['groups {1, 2, 4}', 'groups {1, 2, 4} bottleneck 1 .. 20000']]), at: '1 .. 20000',
        good: variant([['groups {1, 2, 4}', 'groups {1, 2, 4} bottleneck 1 .. 4']]),
    },
    {
        name: 'a weight of 0', code: 'smash/weight-not-positive',
        bad: variant([['maxBanks 14 ops conv', 'maxBanks 14 ops conv: 0']]), at: { text: '0', after: 'ops conv: ' },
        good: variant([['maxBanks 14 ops conv', 'maxBanks 14 ops conv: 2']]),
    },
    {
        name: 'weights on some values of a set only', code: 'smash/weights-partial',
        bad: variant([['kernel {3, 5}', 'kernel {3: 0.7, 5}']]), at: { text: '5', after: '0.7, ' },
        good: variant([['kernel {3, 5}', 'kernel {3: 0.7, 5: 0.3}']]),
    },
    {
        name: 'weights on some op families only', code: 'smash/weights-partial',
        bad: withMembers('op wide { kernel {3} }', variant([['maxBanks 14 ops conv', 'maxBanks 14 ops conv: 2, wide']])),
        at: { text: 'wide', after: 'conv: 2, ' },
        good: withMembers('op wide { kernel {3} }', variant([['maxBanks 14 ops conv', 'maxBanks 14 ops conv: 2, wide: 1']])),
    },
    {
        name: 'structure weights that do not sum to 1', code: 'smash/weights-sum', severity: 'warning',
        bad: variant([['kernel {3, 5}', 'structure {(1): 0.5, (2, 1): 0.2} kernel {3, 5}']]), at: '{(1): 0.5, (2, 1): 0.2}',
        good: variant([['kernel {3, 5}', 'structure {(1): 0.5, (2, 1): 0.5} kernel {3, 5}']]),
    },
    {
        name: 'activation weights that do not sum to 1', code: 'smash/weights-sum', severity: 'warning',
        bad: variant([['kernel {3, 5}', 'activation {relu: 2, tanh: 1} kernel {3, 5}']]), at: '{relu: 2, tanh: 1}',
        good: variant([['kernel {3, 5}', 'activation {relu: 0.75, tanh: 0.25} kernel {3, 5}']]),
    },
    {
        name: 'a value twice in a set', code: 'smash/duplicate-value',
        bad: variant([['groups {1, 2, 4}', 'groups {1, 2, 1}']]), at: { text: '1', after: 'groups {1, 2, ' }, good: BASE,
    },
    {
        name: 'a structure twice in a set', code: 'smash/duplicate-value',
        bad: variant([['kernel {3, 5}', 'structure {(1), (2), (1)} kernel {3, 5}']]), at: { text: '(1)', after: '(2), ' },
        good: variant([['kernel {3, 5}', 'structure {(1), (2)} kernel {3, 5}']]),
    },
    {
        name: 'an augmentation twice', code: 'smash/duplicate-value',
        bad: variant([['epochs 1 batch 32', 'epochs 1 batch 32 augment crop 2, crop 4']]), at: 'crop 4',
        good: variant([['epochs 1 batch 32', 'epochs 1 batch 32 augment crop 2, flip']]),
    },
    {
        name: '`none` with another augmentation', code: 'smash/augment-none-combined',
        bad: variant([['epochs 1 batch 32', 'epochs 1 batch 32 augment crop 2, none']]), at: 'none',
        good: variant([['epochs 1 batch 32', 'epochs 1 batch 32 augment none']]),
    },
    {
        name: '`none` with another augmentation in retrain', code: 'smash/augment-none-combined',
        bad: variant([['top 2 epochs 1', 'top 2 epochs 1 augment none, flip']]), at: 'none',
        good: variant([['top 2 epochs 1', 'top 2 epochs 1 augment none']]),
    },
];

describe('value rules', () => {
    test.each(cases)('$name ($code)', checkRule);

    test('the weight-sum warning states the probabilities the engine uses', async () => {
        const issue = await expectIssue(
            variant([['kernel {3, 5}', 'activation {relu: 2, tanh: 1} kernel {3, 5}']]), 'smash/weights-sum', '{relu: 2, tanh: 1}', 'warning');
        expect(issue.message).toContain('sum to 3');
        expect(issue.message).toContain('relu 0.666667');
    });

    test('`none` with other augmentations names them', async () => {
        const issue = await expectIssue(
            variant([['epochs 1 batch 32', 'epochs 1 batch 32 augment none, crop  2, flip']]), 'smash/augment-none-combined', 'none');
        expect(issue.message).toBe('`none` turns augmentation off; it cannot be combined with `crop 2` and `flip`. Write `none` alone, or leave it out.');
    });

    test('a count message says what is counted', async () => {
        const issue = await expectIssue(variant([['maxBanks 12', 'maxBanks 12.5']]), 'smash/not-integer', '12.5');
        expect(issue.message).toMatch(/`maxBanks` counts banks/);
    });

    test('an invalid value does not cascade into rules that depend on it', async () => {
        const { issues } = await diagnose(variant([['unit 4', 'unit 0']]));
        expect(issues.map((i) => i.code)).toEqual(['smash/out-of-range']);
    });
});
