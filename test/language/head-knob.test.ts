/**
 * The head's grid (`head { grid G }`): it parses, checks against the last block's maps, compiles
 * to the engine's space, defaults to the paper's global average pooling, and hover, completion and
 * the outline know the section.
 */
import { EmptyFileSystem } from 'langium';
import { expectCompletion, parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { SymbolKind, type CompletionList } from 'vscode-languageserver';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { findKnob } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';
import { SmashDocumentSymbolProvider } from '../../src/language/smash-symbols.js';
import { BASE, diagnose, expectIssue, expectNoIssue, withMembers } from './validation-helpers.js';

const services = createSmashServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Smash);
const complete = expectCompletion(services.Smash);

async function compiled(text: string) {
    const document = await parse(text, { validation: true });
    expect(document.diagnostics?.filter((d) => d.severity === 1).map((d) => d.message)).toEqual([]);
    return compileSpace(document.parseResult.value.space!);
}

async function labelsAt(text: string): Promise<string[]> {
    let labels: string[] = [];
    await complete({ text, index: 0, assert: (list: CompletionList) => { labels = list.items.map((i) => i.label); }, disposeAfterCheck: true });
    return labels;
}

describe('head grid', () => {
    test('compiles to the engine space with where it was written', async () => {
        const text = withMembers('head { grid 7 }');
        const space = await compiled(text);
        expect(space.head?.grid).toBe(7);
        expect(space.head?.at.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('head {')));
    });

    test("left out, the head pools globally, as the paper's", async () => {
        expect((await compiled(BASE)).head?.grid).toBe(1);
        expect(findKnob('head', 'grid')).toMatchObject({ default: '1' });
        expect(findKnob('head', 'grid')?.doc).toMatch(/paper/);
    });

    test('a grid as fine as the last block\'s maps is allowed, a finer one is an error on the value', async () => {
        // BASE: block b works on 14 x 14 maps.
        await expectNoIssue(withMembers('head { grid 14 }'), 'smash/grid-too-large');
        const issue = await expectIssue(withMembers('head { grid 15 }'), 'smash/grid-too-large', '15');
        expect(issue.message).toContain('14 x 14');
    });

    test('a grid that cannot split the maps into windows of one size is an error that names the grids that can', async () => {
        // 14 pixels to 3 cells: windows of 6 in steps of 4 would not be AdaptiveAvgPool2d's bins (5, 6 and 5 pixels).
        const issue = await expectIssue(withMembers('head { grid 3 }'), 'smash/grid-uneven', '3');
        expect(issue.message).toContain('1, 2, 7, 13, 14');
        await expectNoIssue(withMembers('head { grid 7 }'), 'smash/grid-uneven');
    });

    test.each([
        ['grid 0', 'head { grid 0 }', '0', 'smash/out-of-range'],
        ['a fractional grid', 'head { grid 1.5 }', '1.5', 'smash/not-integer'],
    ] as const)('%s is an error on the value', async (_name, member, at, code) => {
        await expectIssue(withMembers(member), code, at);
    });

    test('a second head section is reported', async () => {
        const { issues } = await diagnose(withMembers('head { grid 2 }\n    head { grid 3 }'));
        expect(issues.map((i) => i.code)).toContain('smash/duplicate-section');
    });

    test('a misspelt knob in the head is reported as unknown', async () => {
        const { issues } = await diagnose(withMembers('head { gird 2 }'));
        expect(issues.map((i) => i.code)).toContain('smash/unknown-knob');
    });

    test('hover explains the knob with its default', async () => {
        const text = withMembers('head { grid 2 }');
        const document = await parse(text, { validation: true });
        const hover = await services.Smash.lsp.HoverProvider!.getHoverContent(document, {
            textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(text.indexOf('grid') + 1),
        });
        const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
        expect(value).toContain(findKnob('head', 'grid')!.doc.slice(0, 40));
        expect(value).toContain('Default: `1`');
    });

    test("completion offers the section, its knob, and grids that split the last block's maps evenly", async () => {
        expect(await labelsAt(withMembers('<|>'))).toContain('head');
        expect(await labelsAt(withMembers('head { <|> }'))).toContain('grid');
        // 14 x 14 maps: 3 would not split them evenly.
        const offered14 = await labelsAt(withMembers('head { grid <|> }'));
        expect(offered14).toEqual(expect.arrayContaining(['1', '2']));
        expect(offered14).not.toContain('3');
        // 28 x 28 through a stride-8 stem is 4 x 4, then 2 x 2 after the transition: a grid of 3 no longer fits.
        const strided = BASE.replace('stem { kernel 3 width 16 }', 'stem { kernel 3 width 16 stride 8 }');
        const offered = await labelsAt(withMembers('head { grid <|> }', strided));
        expect(offered).toEqual(expect.arrayContaining(['1', '2']));
        expect(offered).not.toContain('3');
    });

    test('the outline lists the head as a section', async () => {
        const document = await parse(withMembers('head { grid 2 }'));
        const [space] = await new SmashDocumentSymbolProvider(services.Smash).getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        expect(space!.children?.map((c) => [c.name, c.kind])).toContainEqual(['head', SymbolKind.Object]);
    });
});
