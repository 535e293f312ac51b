import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { CompletionItemKind, SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { createSmashServices } from '../../src/language/smash-module.js';
import { SmashDocumentSymbolProvider, SmashNodeKindProvider } from '../../src/language/smash-symbols.js';

const services = createSmashServices(EmptyFileSystem);
const provider = new SmashDocumentSymbolProvider(services.Smash);

async function symbolsOf(text: string): Promise<DocumentSymbol[]> {
    const document = await parseHelper(services.Smash)(text);
    return provider.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
}

describe('document symbols', () => {
    test('the space contains its members in order, each with its own kind', async () => {
        const [space, ...rest] = await symbolsOf(readFileSync('examples/fashion-tiny.smash', 'utf8'));
        expect(rest).toEqual([]);
        expect([space!.name, space!.kind]).toEqual(['FashionTiny', SymbolKind.Namespace]);
        expect(space!.children!.map((s) => [s.name, s.kind, s.detail])).toEqual([
            ['data', SymbolKind.Object, 'fashion-mnist'],
            ['input', SymbolKind.Property, '28 x 28 x 1'],
            ['classes', SymbolKind.Property, '10'],
            ['unit', SymbolKind.Property, '4'],
            ['maxWidth', SymbolKind.Property, '16'],
            ['slice', SymbolKind.Property, '2'],
            ['seed', SymbolKind.Property, '1'],
            ['stem', SymbolKind.Object, undefined],
            ['b1', SymbolKind.Class, 'block'],
            ['transition', SymbolKind.Operator, 'b1 → b2'],
            ['b2', SymbolKind.Class, 'block'],
            ['head', SymbolKind.Object, undefined],
            ['basic', SymbolKind.Function, 'op'],
            ['wide', SymbolKind.Function, 'op'],
            ['hypernet', SymbolKind.Object, undefined],
            ['train', SymbolKind.Object, undefined],
            ['search', SymbolKind.Object, undefined],
            ['retrain', SymbolKind.Object, undefined],
        ]);
    });

    test('a symbol spans its section and selects its name, or its keyword when it has none', async () => {
        const text = 'space S {\n    op conv { kernel {3} }\n    transition { width 64 }\n}';
        const [space] = await symbolsOf(text);
        const [op, transition] = space!.children!;
        expect(op!.range).toEqual({ start: { line: 1, character: 4 }, end: { line: 1, character: 26 } });
        expect(op!.selectionRange).toEqual({ start: { line: 1, character: 7 }, end: { line: 1, character: 11 } });
        expect(transition!.selectionRange).toEqual({ start: { line: 2, character: 4 }, end: { line: 2, character: 14 } });
        expect(transition!.detail).toBe('? → ?');
    });

    test('a file without a space has no symbols', async () => {
        expect(await symbolsOf('// nothing yet\n')).toEqual([]);
    });
});

describe('node kinds', () => {
    test('op families complete as functions and blocks as classes', () => {
        const kinds = new SmashNodeKindProvider();
        expect(kinds.getCompletionItemKind({ type: 'OpFamily' } as never)).toBe(CompletionItemKind.Function);
        expect(kinds.getCompletionItemKind({ type: 'Block' } as never)).toBe(CompletionItemKind.Class);
        expect(kinds.getSymbolKind({ type: 'Space' } as never)).toBe(SymbolKind.Namespace);
    });
});
