import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { BASE, checkRule, diagnose, expectIssue, services, variant, withMembers, type RuleCase } from './validation-helpers.js';

const parse = parseHelper<Model>(services.Smash);

const train = (extra: string): string => variant([['train { epochs 1 batch 32 }', `train { epochs 1 batch 32 ${extra} }`]]);

const cases: RuleCase[] = [
    {
        name: 'a dataset without its files', code: 'smash/data-path-missing',
        bad: withMembers('data cifar10'), at: 'cifar10', good: withMembers('data cifar10 { path "data/cifar" }'),
    },
    {
        name: 'more training + validation images than the dataset has', code: 'smash/data-too-large',
        bad: withMembers('data fashion-mnist { train 58000 validation 5000 }'), at: '58000',
        good: withMembers('data fashion-mnist { train 55000 validation 5000 }'),
    },
    {
        name: 'more test images than the dataset has', code: 'smash/data-too-large', severity: 'warning',
        bad: withMembers('data mnist { path "mnist" test 20000 }'), at: '20000',
        good: withMembers('data mnist { path "mnist" test 10000 }'),
    },
    {
        name: 'an input shape other than the images', code: 'smash/input-mismatch', severity: 'warning',
        bad: withMembers('input 32 x 28 x 1'), at: '32', good: withMembers('input 28 x 28 x 1'),
    },
    {
        name: 'fewer classes than the dataset', code: 'smash/classes-mismatch',
        bad: withMembers('classes 5'), at: '5', good: withMembers('classes 10'),
    },
    {
        name: 'more classes than the dataset', code: 'smash/classes-mismatch', severity: 'warning',
        bad: withMembers('classes 12'), at: '12', good: withMembers('classes 10'),
    },
    {
        name: 'flipping digits', code: 'smash/flip-digits', severity: 'warning',
        bad: withMembers('data mnist { path "mnist" }', train('augment crop 2, flip')), at: 'flip',
        good: withMembers('data mnist { path "mnist" }', train('augment crop 2')),
    },
    {
        name: 'flipping digits while retraining after `augment none` in train', code: 'smash/flip-digits', severity: 'warning',
        bad: withMembers('data mnist { path "mnist" }', variant([['top 2 epochs 1', 'top 2 epochs 1 augment flip']], train('augment none'))),
        at: 'flip',
        good: withMembers('data mnist { path "mnist" }', variant([['top 2 epochs 1', 'top 2 epochs 1 augment none']], train('augment none'))),
    },
    {
        name: 'a HyperNet without stages', code: 'smash/stages-empty',
        bad: withMembers('hypernet { stages [ ] }'), at: 'stages', good: withMembers('hypernet { stages [2] }'),
    },
    {
        name: 'the legacy encoding', code: 'smash/legacy-encoding', severity: 'info',
        bad: withMembers('hypernet { legacyEncoding }'), at: 'legacyEncoding', good: withMembers('hypernet { growth 10 }'),
    },
    {
        name: 'a training batch larger than the training set', code: 'smash/batch-too-large',
        bad: withMembers('data fashion-mnist { train 100 }', variant([['batch 32', 'batch 200']])), at: '200',
        good: withMembers('data fashion-mnist { train 100 }', variant([['batch 32', 'batch 100']])),
    },
    {
        name: 'a scoring batch larger than the validation set', code: 'smash/batch-too-large', severity: 'warning',
        bad: withMembers('data fashion-mnist { validation 100 }', variant([['hillclimb 2', 'hillclimb 2 batch 500']])), at: '500',
        good: withMembers('data fashion-mnist { validation 100 }', variant([['hillclimb 2', 'hillclimb 2 batch 100']])),
    },
    {
        name: 'retraining more architectures than are scored', code: 'smash/top-too-large',
        bad: variant([['top 2', 'top 20']]), at: '20', good: variant([['top 2', 'top 14']]),
    },
    {
        name: 'no training epochs', code: 'smash/zero-epochs', severity: 'warning',
        bad: variant([['epochs 1 batch', 'epochs 0 batch']]), at: '0', good: BASE,
    },
    {
        name: 'perturbations that never change anything', code: 'smash/perturb-prob-zero', severity: 'warning',
        bad: variant([['hillclimb 2', 'hillclimb 2 perturbProb 0']]), at: '0',
        good: variant([['hillclimb 2', 'hillclimb 2 perturbProb 0.05']]),
    },
    {
        name: 'kernel-anneal points out of order', code: 'smash/kernel-anneal-order',
        bad: train('kernelAnneal 40%, 20%'), at: '20%', good: train('kernelAnneal 20%, 40%'),
    },
    {
        name: 'a HyperNet too large for memory', code: 'smash/hypernet-memory', severity: 'warning',
        bad: withMembers('hypernet { growth 200 stages [100, 100] }'), at: '100',
        good: withMembers('hypernet { growth 10 stages [8, 10, 4] }'),
    },
];

/** 512 channels per block: the shared main convs alone are tens of millions of weights. */
const WIDE = `space Wide {
    unit 8
    maxWidth 512
    stem { width 512 }
    block a { ops conv }
    transition { width 512 }
    block b { ops conv }
    op conv { kernel {3, 5} dilation {1, 2} bottleneck 1 .. 4 }
}`;

describe('data, HyperNet and procedure rules', () => {
    test.each(cases)('$name ($code)', checkRule);

    test('a space with too many parameters is warned about with the estimate', async () => {
        const issue = await expectIssue(WIDE, 'smash/too-many-params', 'Wide', 'warning');
        expect(issue.message).toMatch(/about \d+(\.\d+)? M parameters/);
        const narrow = variant([['maxWidth 512', 'maxWidth 64'], ['width 512 }', 'width 64 }'], ['width 512 }', 'width 64 }']], WIDE);
        await expect(diagnose(narrow).then((r) => r.issues.filter((i) => i.code === 'smash/too-many-params'))).resolves.toEqual([]);
    });

    test('the memory warning states the estimate in GB', async () => {
        const issue = await expectIssue(withMembers('hypernet { growth 200 stages [100, 100] }'), 'smash/hypernet-memory', '100', 'warning');
        expect(issue.message).toMatch(/about \d+(\.\d+)? GB/);
    });
});

describe('examples', () => {
    const files = readdirSync('examples').filter((f) => f.endsWith('.smash'));

    test.each(files)('%s validates without errors', async (file) => {
        const { issues } = await diagnose(readFileSync(join('examples', file), 'utf8'));
        expect(issues.filter((i) => i.severity === 1).map((i) => `${i.code} ${i.text}: ${i.message}`)).toEqual([]);
    });

    test('a data path reaches the compiled space as written (Langium already strips the quotes)', async () => {
        const document = await parse(readFileSync('examples/smash-v2-cifar10.smash', 'utf8'));
        expect(compileSpace(document.parseResult.value.space!).data.path).toBe('data/cifar-10-batches-bin');
    });

    test('the small base space of these tests has no diagnostic at all', async () => {
        expect((await diagnose(BASE)).issues).toEqual([]);
    });
});
