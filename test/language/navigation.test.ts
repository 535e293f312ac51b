import { EmptyFileSystem, TextDocument } from 'langium';
import { expectFindReferences, expectGoToDefinition, parseHelper, replaceIndices } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const Smash = services.Smash;

describe('op families referenced from blocks', () => {
    test('go to definition jumps from `ops` to the op family name', async () => {
        await expectGoToDefinition(Smash)({
            text: `space S {
                block b1 { ops conv, wi<|>de: 0.5 }
                op conv { kernel {3} }
                op <|wide|> { kernel {3} }
            }`,
            index: 0,
            rangeIndex: 0,
            disposeAfterCheck: true,
        });
    });

    test('find references lists the declaration and every use in every block', async () => {
        await expectFindReferences(Smash)({
            text: `space S {
                block b1 { ops <|conv|>, wide }
                block b2 { ops <|co<|>nv|> }
                op <|conv|> { kernel {3} }
                op wide { kernel {3} }
            }`,
            includeDeclaration: true,
            disposeAfterCheck: true,
        });
    });

    test('references from the declaration, without it', async () => {
        await expectFindReferences(Smash)({
            text: `space S {
                block b1 { ops <|conv|> }
                op c<|>onv { kernel {3} }
            }`,
            includeDeclaration: false,
            disposeAfterCheck: true,
        });
    });
});

describe('rename', () => {
    async function rename(marked: string, newName: string): Promise<string> {
        const { output, indices } = replaceIndices({ text: marked });
        const document = await parseHelper(Smash)(output);
        const position = document.textDocument.positionAt(indices[0]!);
        const textDocument = { uri: document.uri.toString() };
        expect(await Smash.lsp.RenameProvider!.prepareRename(document, { textDocument, position })).toBeDefined();
        const edit = await Smash.lsp.RenameProvider!.rename(document, { textDocument, position, newName });
        return TextDocument.applyEdits(document.textDocument, edit?.changes?.[document.uri.toString()] ?? []);
    }

    test('renaming an op family renames its uses in blocks', async () => {
        const renamed = await rename('space S { block b1 { ops conv: 1 } block b2 { ops conv } op co<|>nv { kernel {3} } }', 'dilated');
        expect(renamed).toBe('space S { block b1 { ops dilated: 1 } block b2 { ops dilated } op dilated { kernel {3} } }');
    });

    test('renaming from a reference renames the declaration', async () => {
        const renamed = await rename('space S { block b1 { ops c<|>onv } op conv { } }', 'wide');
        expect(renamed).toBe('space S { block b1 { ops wide } op wide { } }');
    });

    test('blocks can be renamed', async () => {
        const renamed = await rename('space S { block b<|>1 { } transition { } block b2 { } }', 'early');
        expect(renamed).toBe('space S { block early { } transition { } block b2 { } }');
    });
});

describe('folding', () => {
    test('multi-line sections and block comments fold, single-line sections do not', async () => {
        const document = await parseHelper(Smash)(`space S {
    /**
     * Documentation of the op.
     */
    op conv { kernel {3} }
    block b1 {
        bankSize 1
        ops conv
    }
}`);
        const foldings = await Smash.lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument: { uri: document.uri.toString() } });
        const lines = foldings.map((f) => [f.startLine, f.endLine, f.kind ?? 'region']).sort((a, b) => Number(a[0]) - Number(b[0]));
        // The closing brace stays visible: a folded section ends on the line before it.
        expect(lines).toEqual([[0, 8, 'region'], [1, 2, 'comment'], [5, 7, 'region']]);
    });
});
