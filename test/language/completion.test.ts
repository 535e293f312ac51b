import { EmptyFileSystem } from 'langium';
import { expectCompletion } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList } from 'vscode-languageserver';
import { snippetPreview } from '../../src/language/smash-completion-values.js';
import { findKnob } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const complete = expectCompletion(services.Smash);

/** A small space (unit 4, maxWidth 16, two blocks on 28x28 input) with `body` and the cursor `<|>` in it. */
const inSpace = (body: string, head = 'unit 4\n    maxWidth 16') => `space S {
    data fashion-mnist
    ${head}
    block b1 { ops basic }
    transition { width 16 }
    block b2 { }
    /** A plain conv. */
    op basic { kernel {3} }
    ${body}
}`;

async function itemsAt(text: string): Promise<CompletionItem[]> {
    let items: CompletionItem[] = [];
    await complete({ text, index: 0, assert: (list: CompletionList) => { items = list.items; }, disposeAfterCheck: true });
    return items;
}

async function labelsAt(text: string, kind?: CompletionItemKind): Promise<string[]> {
    return (await itemsAt(text)).filter((i) => kind === undefined || i.kind === kind).map((i) => i.label);
}

describe('values of knobs', () => {
    test.each([
        ['op o { kernel <|> }', ['{3, 5, 7}', '{3, 5}', '{3}']],
        ['op o { kernel {3, 5} x <|> }', ['{3, 5, 7}', '{3, 5}', '{3}']],
        ['op o { groups <|> }', ['{1, 2, 4}', '{1, 2}', '{1}']],
        ['op o { groups {1, <|> }', ['1', '2', '4']],
        ['op o { kernel {<|>} }', ['3', '5', '7']],
        ['block b3 { bankSize <|> }', ['1 .. 4', '{1, 2, 4}', '1']],
        ['block b3 { maxBanks <|> }', ['12']],
        ['stem { width <|> }', ['16', '24', '32']],
        ['train { epochs <|> }', ['100']],
        ['train { augment <|> }', ['crop 4, flip', 'crop 2', 'flip', 'none']],
        ['retrain { augment <|> }', ['crop 4, flip', 'crop 2', 'flip', 'none']],
        ['train { augment crop 2, <|> }', ['flip', 'crop 4']],
    ])('%s offers %j', async (body, expected) => {
        expect(await labelsAt(inSpace(body), CompletionItemKind.Value)).toEqual(
            expected.filter((v) => !/^[a-z]/.test(v)),
        );
        const all = await labelsAt(inSpace(body));
        expect(all.filter((l) => expected.includes(l))).toEqual(expected);
    });

    test('`none` is offered as a first augmentation only, not after a comma', async () => {
        expect(await labelsAt(inSpace('train { augment <|> }'))).toContain('none');
        expect(await labelsAt(inSpace('train { augment n<|> }'))).toEqual(['none']);
        expect(await labelsAt(inSpace('train { augment crop 2, <|> }'))).not.toContain('none');
        expect(await labelsAt(inSpace('retrain { augment flip, <|> }'))).not.toContain('none');
    });

    test('kernel sizes that do not fit the smallest block are not offered', async () => {
        const text = inSpace('op o { kernel <|> }', 'input 8 x 8 x 1');
        expect(await labelsAt(text, CompletionItemKind.Value)).toEqual(['{3}']);
    });

    test('groups follow unit', async () => {
        expect(await labelsAt(inSpace('op o { groups <|> }', 'unit 6'), CompletionItemKind.Value))
            .toEqual(['{1, 2, 3, 6}', '{1, 2, 3}', '{1, 2}', '{1}']);
    });

    test('enum-like knobs offer their words once, with the knob documentation and the default first', async () => {
        const items = await itemsAt(inSpace('transition { pool <|> }'));
        expect(items.map((i) => [i.label, i.kind, i.detail])).toEqual([
            ['avg', CompletionItemKind.EnumMember, 'pool (default)'],
            ['max', CompletionItemKind.EnumMember, 'pool'],
        ]);
        expect((items[0]!.documentation as { value: string }).value).toContain(findKnob('transition', 'pool')!.doc);
        expect(await labelsAt('space S {\n    data <|>\n}'))
            .toEqual(['fashion-mnist', 'mnist', 'cifar10', 'cifar100']);
        expect(await labelsAt(inSpace('op o { activation r<|> }'))).toEqual(['relu']);
    });

    test('after `ops` the op families are offered with their documentation', async () => {
        const [item, ...rest] = await itemsAt(inSpace('block b3 { ops <|> }'));
        expect(rest).toEqual([]);
        expect([item!.label, item!.kind]).toEqual(['basic', CompletionItemKind.Function]);
        expect((item!.documentation as { value: string }).value).toBe('A plain conv.');
    });
});

describe('keywords and snippets', () => {
    test('`{` and `,` trigger completion', () => {
        expect(services.Smash.lsp.CompletionProvider!.completionOptions?.triggerCharacters).toEqual(['{', ',']);
    });

    test('inside an op family, its knobs are offered as keywords', async () => {
        const labels = await labelsAt(inSpace('op o { <|> }'), CompletionItemKind.Keyword);
        expect(labels).toEqual(expect.arrayContaining(['structure', 'kernel', 'dilation', 'groups', 'activation', 'bottleneck']));
        expect(labels).not.toContain('bankSize');
    });

    test('space members come with snippets of whole sections at their defaults', async () => {
        const items = await itemsAt(inSpace('<|>'));
        const snippets = items.filter((i) => i.kind === CompletionItemKind.Snippet);
        expect(snippets.map((s) => s.label)).toEqual(['data', 'stem', 'block', 'transition', 'head', 'op', 'hypernet', 'train', 'search', 'retrain']);
        expect(snippetPreview(snippets.find((s) => s.label === 'head')!.insertText!)).toBe('head {\n\tgrid 1\n}');
        expect(snippets.every((s) => s.insertTextFormat === InsertTextFormat.Snippet)).toBe(true);
        const block = snippetPreview(snippets.find((s) => s.label === 'block')!.insertText!);
        expect(block).toBe('block b3 {\n\tbankSize 1 .. 4\n\tmaxBanks 12\n\tbudget 0.3 .. 1.0 anneal from 0.5 over 50%\n\tops basic\n}');
        const op = snippetPreview(snippets.find((s) => s.label === 'op')!.insertText!);
        expect(op).toContain('op conv {\n\tstructure single\n\tkernel {3, 5, 7}\n');
        expect(op).toContain('\tgroups {1, 2, 4}\n');
        expect(snippets.find((s) => s.label === 'op')!.insertText).toContain('${3:{3, 5, 7\\}}');
    });

    test('an empty document offers a space', async () => {
        const items = await itemsAt('<|>');
        expect(items.map((i) => [i.label, i.kind])).toEqual([['space', CompletionItemKind.Snippet], ['space', CompletionItemKind.Keyword]]);
    });
});
