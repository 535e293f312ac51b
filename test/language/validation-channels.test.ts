import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import { encodeArchitecture } from '../../src/engine/space/encoding.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { BASE, checkRule, diagnose, expectIssue, services, variant, type RuleCase } from './validation-helpers.js';

const BLOCK_A = 'block a { bankSize {1, 2, 4} maxBanks 12 ops conv }';
const blockA = (body: string): string => variant([[BLOCK_A, `block a { ${body} ops conv }`]]);

const cases: RuleCase[] = [
    {
        name: 'maxWidth not a multiple of the unit', code: 'smash/unit-multiple',
        bad: variant([['maxWidth 16', 'maxWidth 18']]), at: '18', good: BASE,
    },
    {
        name: 'a unit that does not divide the default maxWidth', code: 'smash/unit-multiple',
        bad: `space T { unit 6 block a { } }`, at: '6', good: `space T { unit 4 block a { } }`,
    },
    {
        name: 'a stem width not a multiple of the unit', code: 'smash/unit-multiple',
        bad: variant([['width 16 }', 'width 18 }']]), at: '18', good: BASE,
    },
    {
        name: 'a transition width not a multiple of the unit', code: 'smash/unit-multiple',
        bad: variant([['width 24 pool', 'width 26 pool']]), at: '26', good: BASE,
    },
    {
        name: 'a stem narrower than maxWidth', code: 'smash/input-too-narrow',
        bad: variant([['width 16 }', 'width 12 }'], [BLOCK_A, 'block a { bankSize {1, 2} ops conv }']]), at: '12', good: BASE,
    },
    {
        name: 'a transition narrower than maxWidth', code: 'smash/input-too-narrow',
        bad: variant([['width 24 pool', 'width 8 pool']]), at: { text: '8', after: 'transition { width ' }, good: BASE,
    },
    {
        name: 'a bank size wider than maxWidth', code: 'smash/bank-too-wide',
        bad: blockA('bankSize {1, 2, 8}'), at: { text: '8', after: 'bankSize {1, 2, ' }, good: blockA('bankSize {1, 2, 4}'),
    },
    {
        name: 'a bank size wider than the block input', code: 'smash/bank-too-wide',
        bad: variant([['width 16 }', 'width 8 }']]), at: { text: '4', after: 'bankSize {1, 2, ' }, good: BASE,
    },
    {
        name: 'an odd bank size the input cannot fill slice banks of', code: 'smash/bank-never-drawn', severity: 'warning',
        bad: blockA('bankSize {1, 2, 3}'), at: { text: '3', after: 'bankSize {1, 2, ' }, good: blockA('bankSize {1, 2, 4}'),
    },
    {
        name: 'no drawable bank size', code: 'smash/no-bank-size',
        bad: blockA('bankSize {3}'), at: '{3}', good: blockA('bankSize {2}'),
    },
    {
        name: 'a memory smaller than the block input', code: 'smash/max-banks-too-small',
        bad: variant([['maxBanks 14', 'maxBanks 5']]), at: '5', good: variant([['maxBanks 14', 'maxBanks 6']]),
    },
    {
        name: 'an anneal start outside the budget range', code: 'smash/anneal-start',
        bad: blockA('budget 0.3 .. 0.8 anneal from 0.9 over 50%'), at: '0.9',
        good: blockA('budget 0.3 .. 0.8 anneal from 0.5 over 50%'),
    },
    {
        name: 'a budget total not in whole slices', code: 'smash/slice-multiple',
        bad: blockA('budget 0.3 .. 1.0 of 100'), at: '100', good: blockA('budget 0.3 .. 1.0 of 104'),
    },
    {
        name: 'an absolute budget not in whole slices', code: 'smash/slice-multiple',
        bad: blockA('budget 60 channels'), at: '60', good: blockA('budget 64 channels'),
    },
    {
        name: 'a budget that never pays for an op', code: 'smash/budget-too-small',
        bad: blockA('budget 0.3 .. 0.5 of 8'), at: '0.3 .. 0.5 of 8', good: blockA('budget 0.3 .. 1.0 of 64'),
    },
    {
        name: 'a budget whose low draws pay for no op', code: 'smash/budget-too-small', severity: 'warning',
        bad: blockA('budget 0.3 .. 1.0 of 16'), at: '0.3 .. 1.0 of 16', good: blockA('budget 0.5 .. 1.0 of 16'),
    },
    {
        name: 'more blocks than halvings of the input', code: 'smash/resolution-too-small',
        bad: `space T { input 2 x 2 x 1 unit 4 maxWidth 16 block a { } transition { width 16 } block b { } transition { width 16 } block c { } }`,
        at: 'c',
        good: `space T { input 2 x 2 x 1 unit 4 maxWidth 16 block a { } transition { width 16 } block b { } }`,
    },
];

describe('channel, bank and budget rules', () => {
    test.each(cases)('$name ($code)', checkRule);

    test('the narrow-input error explains the sampler constraint and names the block', async () => {
        const issue = await expectIssue(variant([['width 24 pool', 'width 8 pool']]), 'smash/input-too-narrow', { text: '8', after: 'transition { width ' });
        expect(issue.message).toContain("block b's input");
        expect(issue.message).toContain('maxWidth 16');
    });

    test('the never-drawn warning follows the slice: with slice 1 every odd size is drawn', async () => {
        const { issues } = await diagnose(variant([['slice 2', 'slice 1'], [BLOCK_A, 'block a { bankSize {1, 2, 3} ops conv }']]));
        expect(issues.filter((i) => i.code === 'smash/bank-never-drawn')).toEqual([]);
    });

    test('a range of bank sizes gets one diagnostic per reason, on the range', async () => {
        const { issues } = await diagnose(blockA('bankSize 1 .. 6'));
        expect(issues.filter((i) => i.code === 'smash/bank-too-wide').map((i) => [i.text, i.message.slice(0, 16)]))
            .toEqual([['1 .. 6', 'bank sizes 5 and']]);
        // Like the default range 1 .. maxWidth/unit, a written range skips its undrawable odd sizes silently.
        expect(issues.filter((i) => i.code === 'smash/bank-never-drawn').map((i) => i.text)).toEqual([]);
    });

    test('an odd bank size written on its own that cannot be drawn is a warning on it', async () => {
        await expectIssue(blockA('bankSize {3, 4}'), 'smash/bank-never-drawn', '3', 'warning');
    });
});

describe('slice and maxWidth / unit', () => {
    // The engine reads slices of D x N input channels per encoding column and writes N outputs per
    // row, so D need not divide maxWidth / unit. Here k = 1 and D = 2: the stem fills two banks.
    const text = `space K {
    unit 8
    maxWidth 8
    stem { kernel 3 width 16 }
    block a { maxBanks 6 }
    op conv { kernel {3} }
}`;

    test('the space checks clean, and the engine samples, validates and encodes its architectures', async () => {
        const { issues } = await diagnose(text);
        expect(issues.filter((i) => i.severity === 1).map((i) => `${i.code}: ${i.message}`)).toEqual([]);
        const document = await parseHelper<Model>(services.Smash)(text);
        const space = compileSpace(document.parseResult.value.space!);
        for (let i = 0; i < 20; i++) {
            const arch = sampleArchitecture(space, new Random(`k1:${i}`));
            validateArchitecture(space, JSON.parse(JSON.stringify(arch)));
            encodeArchitecture(space, arch);
            for (const op of arch.blocks.flatMap((b) => b.ops)) expect(op.nIn % (space.slice * space.unit)).toBe(0);
        }
    });
});
