import { readFileSync } from 'node:fs';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { bankSizeProblem } from '../../src/engine/space/architecture-rules.js';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import { encodeArchitecture } from '../../src/engine/space/encoding.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { BASE, checkRule, diagnose, expectIssue, services, variant, withMembers, type RuleCase } from './validation-helpers.js';

const BLOCK_A = 'block a { bankSize {1, 2, 4} maxBanks 12 ops conv }';
const blockA = (body: string): string => variant([[BLOCK_A, `block a { ${body} ops conv }`]]);
const compile = async (text: string) => compileSpace((await parseHelper<Model>(services.Smash)(text)).parseResult.value.space!);

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
        // An error, not a warning: the sampler stops with an error on such a draw. 0.5 .. 1.0 of 16 is
        // no fix while bank size 4 is drawable: its cheapest op costs 2 slices, which only b = 1.0 pays for.
        name: 'a budget whose low draws pay for no op', code: 'smash/budget-too-small',
        bad: blockA('budget 0.3 .. 1.0 of 16'), at: '0.3 .. 1.0 of 16', good: blockA('bankSize {1, 2} budget 0.5 .. 1.0 of 16'),
    },
    {
        name: 'a budget that never pays for an op of one bank size', code: 'smash/budget-too-small',
        bad: blockA('bankSize {2, 4} budget 0.5 .. 0.9 of 16'), at: '0.5 .. 0.9 of 16', good: blockA('bankSize {2} budget 0.5 .. 0.9 of 16'),
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

describe('budgets per bank size, as the sampler draws them', () => {
    // The sampler draws the bank size first and the budget fraction apart from it, and stops with an
    // error when the fraction cannot pay for one op at that bank size.
    const tiny = readFileSync('examples/fashion-tiny.smash', 'utf8');
    const withBudget = (low: string): string => variant([
        ['budget 0.3 .. 1.0 anneal 50%', `budget ${low} .. 1.0 anneal 50%`], ['budget 0.3 .. 1.0\n', `budget ${low} .. 1.0\n`],
    ], tiny);
    const budgetIssues = async (text: string) => (await diagnose(text)).issues.filter((i) => i.code === 'smash/budget-too-small');

    test('a low bound that cannot pay for an op of bank size 4 is an error naming the size and the fraction', async () => {
        const issues = await budgetIssues(withBudget('0.05'));
        expect(issues.map((i) => [i.severity, i.text])).toEqual([[1, '0.05 .. 1.0 anneal 50%'], [1, '0.05 .. 1.0']]);
        // b2: 248 channels in slices of 8; bank size 4 costs 2 slices (16 / 248 = 0.0645), bank size 3 two reads, 3 slices.
        const b2 = issues[1]!.message;
        expect(b2).toContain('block b2 cannot pay for an op with bank size 3 when its fraction is drawn below 0.0968');
        expect(b2).toContain('nor with bank size 4 when its fraction is drawn below 0.0645');
        expect(b2).toContain('Raise the lower bound to 0.097 or leave bank sizes 3 and 4 out.');
        expect(issues[0]!.message).toContain('block b1 cannot pay for an op with bank size 4 when its fraction is drawn below 0.0769');
    });

    test('every sampling failure is at a bank size the checker named', async () => {
        const space = await compile(withBudget('0.05'));
        const named = { b1: [4], b2: [3, 4] } as Record<string, number[]>;
        let failures = 0;
        for (let i = 0; i < 300; i++) {
            try {
                sampleArchitecture(space, new Random(`budget:${i}`));
            } catch (e) {
                const match = /block '(\w+)': .* bank size (\d+)/.exec((e as Error).message);
                expect(match, (e as Error).message).not.toBeNull();
                expect(named[match![1]!]).toContain(Number(match![2]));
                failures++;
            }
        }
        expect(failures).toBeGreaterThan(0);
    });

    test('with budget 0.1 .. 1.0 in both blocks there is no budget diagnostic, and 1000 architectures sample', async () => {
        const text = withBudget('0.1');
        expect((await budgetIssues(text)).map((i) => i.message)).toEqual([]);
        const space = await compile(text);
        for (let i = 0; i < 1000; i++) sampleArchitecture(space, new Random(`budget:${i}`), (i % 11) / 10);
    });

    test('a bank size the budget never pays for makes every draw of it fail', async () => {
        const space = await compile(blockA('bankSize {2, 4} budget 0.5 .. 0.9 of 16'));
        const issue = await expectIssue(blockA('bankSize {2, 4} budget 0.5 .. 0.9 of 16'), 'smash/budget-too-small', '0.5 .. 0.9 of 16');
        expect(issue.message).toContain('bank size 4 at all (at most 1 slice;');
        expect(issue.message).toContain('Raise the budget or leave bank size 4 out.');
        const drawn = { 2: 0, 4: 0 } as Record<number, number>;
        for (let i = 0; i < 50; i++) {
            try {
                drawn[sampleArchitecture(space, new Random(`never:${i}`)).blocks[0]!.bankSize]!++;
            } catch (e) {
                expect((e as Error).message).toContain("block 'a'");
                expect((e as Error).message).toContain('bank size 4');
            }
        }
        expect(drawn[4]).toBe(0);
        expect(drawn[2]).toBeGreaterThan(0);
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

describe('bank sizes the checker accepts are the ones the sampler draws', () => {
    // An op's reads must fill whole slices, so a block needs slice / gcd(size, slice) banks of a size
    // before it can draw it: with slice 4, an even size can be as undrawable as an odd one.
    const space = (slice: number, stem: number, sizes: string, maxWidth = 16) => `space S {
    unit 4
    maxWidth ${maxWidth}
    slice ${slice}
    stem { kernel 3 width ${stem} }
    block a { bankSize {${sizes}} maxBanks 24 ops conv }
    op conv { kernel {3} }
}`;

    test.each([1, 2, 3, 4])('slice %i: the never-drawn warnings name exactly the sizes the engine rejects', async (slice) => {
        for (const stem of [16, 24, 32]) {
            const text = space(slice, stem, '1, 2, 3, 4');
            const { issues } = await diagnose(text);
            const warned = issues.filter((i) => i.code === 'smash/bank-never-drawn').map((i) => Number(i.text));
            const compiled = await compile(text);
            const rejected = [1, 2, 3, 4].filter((bs) => bankSizeProblem(compiled, compiled.blocks[0]!, bs) !== undefined);
            expect({ stem, warned }).toEqual({ stem, warned: rejected });
        }
    });

    test('slice 4 and 8 input channels: size 2 is never drawn, and with no other size the block is an error', async () => {
        const text = space(4, 8, '1, 2', 8);
        const issue = await expectIssue(text, 'smash/bank-never-drawn', '2', 'warning');
        expect(issue.message).toContain('which takes 2 banks of size 2, more than its 8 input channels fill');
        const none = await expectIssue(text, 'smash/no-bank-size', '{1, 2}');
        expect(none.message).toContain('no bank size up to 2 can be drawn with slice = 4 and the reads of its op families; lower slice or the reads');
        const compiled = await compile(text);
        expect(() => sampleArchitecture(compiled, new Random('s4'))).toThrow(/none of its bank sizes can be used/);
    });

    test('default bank sizes none of which fills whole slices: an error on the block, as the sampler stops', async () => {
        const text = 'space Q {\n    unit 4\n    maxWidth 4\n    stem { kernel 3 width 4 }\n    block a { }\n}';
        const issue = await expectIssue(text, 'smash/no-bank-size', { text: 'a', after: 'block ' });
        expect(issue.message).toContain('cannot draw its default bank size 1: an op\'s reads must fill whole slices of slice = 2 units, which takes 2 banks of size 1');
        const space = await compile(text);
        expect(() => sampleArchitecture(space, new Random('q'))).toThrow(/none of its bank sizes can be used/);
    });

    test('a bank size whose input banks are fewer than every family of the block reads is never drawn', async () => {
        // A 24-channel input fills 6 banks of size 1 but 1 of size 4.
        const text = variant([['kernel 3 width 16', 'kernel 3 width 24'], [BLOCK_A, 'block a { bankSize {1, 4} maxBanks 12 ops picky }']], withMembers('op picky { kernel {3} reads 5 .. 6 }'));
        const issue = await expectIssue(text, 'smash/bank-never-drawn', '4', 'warning');
        expect(issue.message).toContain('(1 of size 4, so 1 read), and no op family of the block allows such a read count (picky reads 5 .. 6)');
        expect((await diagnose(text)).issues.filter((i) => i.severity === 1).map((i) => i.message)).toEqual([]);
        const space = await compile(text);
        const sizes = new Set(Array.from({ length: 30 }, (_, i) => sampleArchitecture(space, new Random(`first:${i}`)).blocks[0]!.bankSize));
        expect([...sizes]).toEqual([1]);
    });
});

