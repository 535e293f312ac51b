import { TextDocument, type LangiumDocument } from 'langium';
import { parseHelper, testCodeAction } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { CodeAction } from 'vscode-languageserver';
import type { Model } from '../../src/language/generated/ast.js';
import { BASE, diagnose, services, variant, withMembers } from './validation-helpers.js';

const parse = parseHelper<Model>(services.Smash);
const fixOnly = testCodeAction<Model>(services.Smash);

/** The quick fixes offered for the one diagnostic with `code`. */
async function fixes(text: string, code: string): Promise<{ document: LangiumDocument; actions: CodeAction[] }> {
    const document = await parse(text, { validation: true });
    const diagnostics = (document.diagnostics ?? []).filter((d) => (d.data as { code?: string } | undefined)?.code === code);
    expect(diagnostics).toHaveLength(1);
    const actions = await services.Smash.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: diagnostics[0]!.range,
        context: { diagnostics, triggerKind: 1 },
    });
    return { document, actions: (actions ?? []) as CodeAction[] };
}

function apply(document: LangiumDocument, action: CodeAction): string {
    return TextDocument.applyEdits(document.textDocument, action.edit!.changes![document.textDocument.uri]!);
}

/** Applies the action titled `title` and checks that the diagnostic is gone afterwards. */
async function applyFix(text: string, code: string, title: string): Promise<string> {
    const { document, actions } = await fixes(text, code);
    const action = actions.find((a) => a.title === title);
    expect(action, `no "${title}" among ${actions.map((a) => a.title).join(' | ')}`).toBeDefined();
    const fixed = apply(document, action!);
    const { issues } = await diagnose(fixed);
    expect(issues.filter((i) => i.code === code)).toEqual([]);
    return fixed;
}

describe('quick fixes', () => {
    test("a head grid finer than the last block's maps is changed to their size", async () => {
        expect(await applyFix(withMembers('head { grid 15 }'), 'smash/grid-too-large', 'Use grid 14')).toContain('head { grid 14 }');
    });

    test('an uneven head grid is changed to the nearest even one on either side', async () => {
        const { actions } = await fixes(withMembers('head { grid 4 }'), 'smash/grid-uneven');
        expect(actions.map((a) => a.title)).toEqual(['Use grid 2', 'Use grid 7']);
        expect(await applyFix(withMembers('head { grid 4 }'), 'smash/grid-uneven', 'Use grid 2')).toContain('head { grid 2 }');
    });

    test('a misspelt knob, op family or dataset is changed to the nearest word', async () => {
        expect(await applyFix(variant([['op conv { kernel', 'op conv { kernels']]), 'smash/unknown-knob', 'Change to `kernel`'))
            .toBe(BASE);
        expect(await applyFix(variant([['maxBanks 12 ops conv', 'maxBanks 12 ops cnov']]), 'smash/unknown-op-family', 'Change to `conv`'))
            .toBe(BASE);
        const data = variant([['    unit 4', '    data cifar01\n    unit 4']]);
        expect(await applyFix(data, 'smash/unknown-dataset', 'Change to `cifar10`')).toBe(variant([['    unit 4', '    data cifar10\n    unit 4']]));
    });

    test('a bank size the block cannot draw is removed from its set; a block left with none gets the sizes it can draw', async () => {
        const block = (sizes: string) => variant([['block a { bankSize {1, 2, 4}', `block a { bankSize ${sizes}`]]);
        expect(await applyFix(block('{3, 4}'), 'smash/bank-never-drawn', 'Remove bank size 3')).toBe(block('{4}'));
        expect(await applyFix(block('{2, 5}'), 'smash/bank-too-wide', 'Remove bank size 5')).toBe(block('{2}'));
        expect(await applyFix(block('{3}'), 'smash/no-bank-size', 'Use bankSize {1, 2, 4}')).toBe(BASE);
        // A lone value has no comma to go with; the block-level fix rewrites it.
        const { actions } = await fixes(block('{3}'), 'smash/bank-never-drawn');
        expect(actions).toEqual([]);
    });

    test('a misplaced knob can be removed', async () => {
        expect(await applyFix(variant([['op conv { kernel', 'op conv { bankSize 2 kernel']]), 'smash/misplaced-knob', 'Remove the misplaced `bankSize`'))
            .toBe(variant([['op conv { kernel', 'op conv {  kernel']]));
    });

    test('a width is rounded to the nearest multiple of the unit, both ways offered', async () => {
        const text = variant([['width 24 pool', 'width 25 pool']]);
        const { actions } = await fixes(text, 'smash/unit-multiple');
        expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([
            ['Round to 24 (a multiple of 4)', true], ['Round to 28 (a multiple of 4)', false],
        ]);
        expect(await applyFix(text, 'smash/unit-multiple', 'Round to 24 (a multiple of 4)')).toBe(BASE);
        expect(await applyFix(text, 'smash/unit-multiple', 'Round to 28 (a multiple of 4)')).toContain('width 28 pool');
    });

    test('rounding never offers a width below maxWidth', async () => {
        const { actions } = await fixes(variant([['width 16 }', 'width 17 }']]), 'smash/unit-multiple');
        expect(actions.map((a) => a.title)).toEqual(['Round to 16 (a multiple of 4)', 'Round to 20 (a multiple of 4)']);
        const below = await fixes(variant([['width 24 pool', 'width 15 pool']]), 'smash/unit-multiple');
        expect(below.actions.map((a) => a.title)).toEqual(['Round to 16 (a multiple of 4)']);
    });

    test('a budget total is rounded to whole slices', async () => {
        const text = variant([['maxBanks 12 ops', 'maxBanks 12 budget 0.3 .. 1.0 of 100 ops']]);
        const fixed = await applyFix(text, 'smash/slice-multiple', 'Round to 104 (a multiple of slice x unit = 8)');
        expect(fixed).toContain('of 104');
    });

    test('an impossible dilation is dropped from its set with its comma', async () => {
        const op = (dilation: string): string => variant([['dilation {1, 2}', `dilation ${dilation}`]]);
        await fixOnly(op('{1, 2, 4}'), 'smash/dilation-impossible', op('{1, 2}'), { validation: true });
        await fixOnly(op('{4, 1, 2}'), 'smash/dilation-impossible', op('{1, 2}'), { validation: true });
        await fixOnly(op('{4}'), 'smash/dilation-impossible', op('{3}'), { validation: true });
        await fixOnly(op('1 .. 5'), 'smash/dilation-impossible', op('1 .. 3'), { validation: true });
    });

    test('an even kernel is made odd, the size that fits preferred', async () => {
        const text = variant([['kernel {3, 5}', 'kernel {3, 6}']]);
        const { actions } = await fixes(text, 'smash/kernel-even');
        expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([['Use kernel size 7', true], ['Use kernel size 5', false]]);
        expect(await applyFix(text, 'smash/kernel-even', 'Use kernel size 5')).toBe(BASE);
        const range = variant([['kernel {3, 5}', 'kernel 3 .. 6']]);
        expect(await applyFix(range, 'smash/kernel-even', 'Use kernel size {3, 5}')).toBe(BASE);
    });

    test('an inverted range is swapped', async () => {
        await fixOnly(variant([['bankSize 1 .. 4', 'bankSize 4 .. 1']]), 'smash/inverted-range', BASE, { validation: true });
        const budget = (range: string): string => variant([['maxBanks 12 ops', `maxBanks 12 budget ${range} ops`]]);
        await fixOnly(budget('1.0 .. 0.3'), 'smash/inverted-range', budget('0.3 .. 1.0'), { validation: true });
    });

    test('a missing transition is inserted with the preceding width', async () => {
        const transition = '    transition { width 24 pool avg }\n';
        const expected = variant([[transition, '    transition { width 16 pool avg }\n']]);
        await fixOnly(variant([[transition, '']]), 'smash/missing-transition', expected, { validation: true });
    });

    test('a missing transition between two blocks on one line is inserted on that line', async () => {
        const oneLine = 'space T { unit 4 maxWidth 16 block a { } block b { } }';
        const expected = 'space T { unit 4 maxWidth 16 block a { } transition { width 16 pool avg } block b { } }';
        await fixOnly(oneLine, 'smash/missing-transition', expected, { validation: true });
    });

    test('a duplicate property, section or value is removed', async () => {
        await fixOnly(variant([['kernel {3, 5}', 'kernel {3, 5} kernel {3}']]), 'smash/duplicate-property', BASE, { validation: true });
        const twice = variant([['    stem {', '    train { epochs 2 }\n    stem {']]);
        const firstKept = variant([['    train { epochs 1 batch 32 }\n', '']], twice);
        await fixOnly(twice, 'smash/duplicate-section', firstKept, { validation: true });
        await fixOnly(variant([['groups {1, 2, 4}', 'groups {1, 2, 4, 2}']]), 'smash/duplicate-value', BASE, { validation: true });
        await fixOnly(variant([['maxBanks 12 ops conv', 'maxBanks 12 ops conv, conv']]), 'smash/duplicate-op-ref', BASE, { validation: true });
    });

    test('a duplicate property on its own line is removed with its line', async () => {
        const multi = variant([['op conv { kernel {3, 5} dilation {1, 2} groups {1, 2, 4} }',
            'op conv {\n        kernel {3, 5}\n        dilation {1, 2}\n        kernel {3}\n        groups {1, 2, 4}\n    }']]);
        const expected = multi.replace('\n        kernel {3}', '');
        await fixOnly(multi, 'smash/duplicate-property', expected, { validation: true });
    });

    test('`none` with other augmentations keeps only `none`, or is removed', async () => {
        const augment = (list: string): string => variant([['epochs 1 batch 32', `epochs 1 batch 32 augment ${list}`]]);
        const { actions } = await fixes(augment('crop 2, none, flip'), 'smash/augment-none-combined');
        expect(actions.map((a) => [a.title, a.isPreferred])).toEqual([['Keep only `none` (no augmentation)', undefined], ['Remove `none`', undefined]]);
        expect(await applyFix(augment('crop 2, none, flip'), 'smash/augment-none-combined', 'Keep only `none` (no augmentation)')).toBe(augment('none'));
        expect(await applyFix(augment('crop 2, none, flip'), 'smash/augment-none-combined', 'Remove `none`')).toBe(augment('crop 2, flip'));
        expect(await applyFix(augment('none, flip'), 'smash/augment-none-combined', 'Remove `none`')).toBe(augment('flip'));
        const retrain = variant([['top 2 epochs 1', 'top 2 epochs 1 augment flip,none']]);
        expect(await applyFix(retrain, 'smash/augment-none-combined', 'Keep only `none` (no augmentation)')).toBe(variant([['top 2 epochs 1', 'top 2 epochs 1 augment none']]));
    });

    test('a narrow input is widened, a small memory enlarged, an even receptive field made odd', async () => {
        expect(await applyFix(variant([['width 24 pool', 'width 8 pool']]), 'smash/input-too-narrow', 'Widen to maxWidth, 16'))
            .toContain('width 16 pool');
        expect(await applyFix(variant([['maxBanks 14', 'maxBanks 5']]), 'smash/max-banks-too-small', 'Set maxBanks to 6'))
            .toContain('maxBanks 6');
        const field = variant([['groups {1, 2, 4}', 'groups {1, 2, 4} receptiveField 6']]);
        const { actions } = await fixes(field, 'smash/receptive-field-even');
        expect(actions.map((a) => a.title)).toEqual(['Use receptiveField 7', 'Use receptiveField 5']);
        expect(await applyFix(field, 'smash/receptive-field-even', 'Use receptiveField 7')).toContain('receptiveField 7');
    });

    test('an even stem kernel is made odd', async () => {
        const text = variant([['kernel 3 width 16', 'kernel 4 width 16']]);
        expect(await applyFix(text, 'smash/kernel-even', 'Use kernel size 3')).toBe(BASE);
    });

    test('diagnostics without a fix get no action', async () => {
        await fixOnly(variant([['groups {1, 2, 4}', 'groups {1, 3}']]), 'smash/groups-divide-unit', undefined, { validation: true });
    });
});
