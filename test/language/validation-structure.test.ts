import { describe, expect, test } from 'vitest';
import { BASE, checkRule, diagnose, expectIssue, variant, withMembers, type RuleCase } from './validation-helpers.js';

const TRANSITION = '    transition { width 24 pool avg }\n';

const cases: RuleCase[] = [
    {
        name: 'a file without a space', code: 'smash/missing-space',
        bad: '// only a comment\n', at: '', good: BASE,
    },
    {
        name: 'a space without a block', code: 'smash/missing-block',
        bad: 'space Empty { unit 4 maxWidth 16 op conv { kernel {3} } }', at: 'Empty', good: BASE,
    },
    {
        name: 'two blocks with no transition between them', code: 'smash/missing-transition',
        bad: variant([[TRANSITION, '']]), at: { text: 'b', after: 'maxBanks 12 ops conv }\n    block ' }, good: BASE,
    },
    {
        name: 'a transition after the last block', code: 'smash/extra-transition',
        bad: withMembers('transition { width 32 }'), at: 'transition { width 32 }', good: BASE,
    },
    {
        name: 'a transition before the first block', code: 'smash/extra-transition',
        bad: variant([['    block a', '    transition { width 20 }\n    block a']]), at: 'transition { width 20 }', good: BASE,
    },
    {
        name: 'two transitions between two blocks', code: 'smash/extra-transition',
        bad: variant([[TRANSITION, `${TRANSITION}    transition { width 28 }\n`]]), at: 'transition { width 28 }', good: BASE,
    },
    {
        name: 'a property written twice in one section', code: 'smash/duplicate-property',
        bad: variant([['kernel {3, 5}', 'kernel {3, 5} kernel {3}']]), at: { text: 'kernel', after: 'kernel {3, 5} ' },
        good: BASE,
    },
    {
        name: 'a HyperNet property written twice', code: 'smash/duplicate-property',
        bad: withMembers('hypernet { growth 8 stages [2] growth 10 }'), at: { text: 'growth', after: 'stages [2] ' },
        good: withMembers('hypernet { growth 8 stages [2] }'),
    },
    {
        name: 'an optimizer parameter given twice', code: 'smash/duplicate-property',
        bad: variant([['epochs 1 batch 32', 'epochs 1 batch 32 optimizer adam(lr 1e-3, lr 2e-3)']]), at: 'lr 2e-3',
        good: variant([['epochs 1 batch 32', 'epochs 1 batch 32 optimizer adam(lr 1e-3, eps 1e-4)']]),
    },
    {
        name: 'a space-level section written twice', code: 'smash/duplicate-section',
        bad: withMembers('unit 8'), at: { text: 'unit', after: 'retrain' }, good: BASE,
    },
    {
        name: 'two hypernet sections', code: 'smash/duplicate-section',
        bad: withMembers('hypernet { growth 8 }\n    hypernet { growth 4 }'), at: { text: 'hypernet', after: 'growth 8 }' },
        good: withMembers('hypernet { growth 8 }'),
    },
    {
        name: 'two op families with one name', code: 'smash/duplicate-name',
        bad: withMembers('op conv { kernel {3} }'), at: { text: 'conv', after: 'retrain' }, good: BASE,
    },
    {
        name: 'two blocks with one name', code: 'smash/duplicate-name',
        bad: variant([['block b {', 'block a {']]), at: { text: 'a', after: 'width 24 pool avg }\n    block ' }, good: BASE,
    },
    {
        name: 'an op family listed twice in a block', code: 'smash/duplicate-op-ref',
        bad: variant([['maxBanks 12 ops conv', 'maxBanks 12 ops conv, conv']]), at: { text: 'conv', after: 'ops conv, ' },
        good: BASE,
    },
    {
        name: 'an op family no block draws from', code: 'smash/unused-op', severity: 'warning',
        bad: withMembers('op spare { kernel {3} }'), at: 'spare',
        good: variant([['maxBanks 14 ops conv', 'maxBanks 14 ops conv, spare']], withMembers('op spare { kernel {3} }')),
    },
];

describe('structure rules', () => {
    test.each(cases)('$name ($code)', checkRule);

    test('an unresolved op reference names the families the space defines', async () => {
        const issue = await expectIssue(variant([['maxBanks 12 ops conv', 'maxBanks 12 ops conv, nope']]), 'smash/unknown-op-family', 'nope');
        expect(issue.message).toBe('unknown op family `nope`; this space defines conv');
    });

    test('a space-level duplicate is reported on each repetition', async () => {
        const { issues } = await diagnose(withMembers('unit 8\n    unit 2'));
        expect(issues.filter((i) => i.code === 'smash/duplicate-section').map((i) => i.text)).toEqual(['unit', 'unit']);
    });
});
