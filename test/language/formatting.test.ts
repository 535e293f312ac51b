import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem, TextDocument } from 'langium';
import { expectFormatting, parseHelper } from 'langium/test';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const Smash = services.Smash;
const expectFormat = expectFormatting(Smash);
const examples = readdirSync('examples').filter((f) => f.endsWith('.smash'));

async function format(text: string): Promise<string> {
    const document = await parseHelper(Smash)(text);
    const edits = await Smash.lsp.Formatter!.formatDocument(document, {
        textDocument: { uri: document.uri.toString() }, options: { tabSize: 4, insertSpaces: true },
    });
    return TextDocument.applyEdits(document.textDocument, edits);
}

describe('formatting', () => {
    test('members go on their own lines; multi-line sections get one property per line', async () => {
        await expectFormat({
            before: 'space S{unit 4  maxWidth 16\nblock b1 {bankSize {1,2 ,4} maxBanks 12\nops basic:0.7,wide : 0.3}\nop basic {kernel {3,5} x {1}}\n}',
            after: [
                'space S {',
                '    unit 4',
                '    maxWidth 16',
                '    block b1 {',
                '        bankSize {1, 2, 4}',
                '        maxBanks 12',
                '        ops basic: 0.7, wide: 0.3',
                '    }',
                '    op basic { kernel {3, 5} x {1} }',
                '}',
            ].join('\n'),
            disposeAfterCheck: true,
        });
    });

    test('punctuation of ranges, percentages, optimizers, lists and stages', async () => {
        await expectFormat({
            before: 'space S {\n  block b { budget 0.3..1.0 of 100 anneal from 0.5 over 50 % }\n'
                + '  train { optimizer adam ( lr 1e-3 , betas 0.5 0.999 ) augment crop 2,flip kernelAnneal 10 %,20% }\n'
                + '  hypernet { stages [ 4,4 ] legacyEncoding }\n'
                + '  op o { structure {( 2 , 1 ) : 2, (1)} activation { relu:1 , tanh } }\n}',
            after: 'space S {\n    block b { budget 0.3 .. 1.0 of 100 anneal from 0.5 over 50% }\n'
                + '    train { optimizer adam(lr 1e-3, betas 0.5 0.999) augment crop 2, flip kernelAnneal 10%, 20% }\n'
                + '    hypernet { stages [4, 4] legacyEncoding }\n'
                + '    op o { structure {(2, 1): 2, (1)} activation {relu: 1, tanh} }\n}',
            disposeAfterCheck: true,
        });
    });

    test('comments are indented with what they describe; blank lines between members are capped at one', async () => {
        await expectFormat({
            before: '// header\nspace S {\nunit 4\n\n\n\n  /** The op. */\n        op o {\n// inside\n  kernel 3 // trailing\n  }\n}',
            after: '// header\nspace S {\n    unit 4\n\n\n\n    /** The op. */\n    op o {\n        // inside\n        kernel 3 // trailing\n    }\n}',
            disposeAfterCheck: true,
        });
        await expectFormat({
            before: 'space S {\n    unit 4\n\n\n\n    slice 2\n}',
            after: 'space S {\n    unit 4\n\n    slice 2\n}',
            disposeAfterCheck: true,
        });
    });

    test('a document with syntax errors is left alone', async () => {
        const broken = 'space S {\n  unit\n block b1 { }\n';
        expect(await format(broken)).toBe(broken);
        const misspelt = 'space S {\n  block b1 {   kernels {3,5} }\n}\n';
        expect(await format(misspelt)).toBe(misspelt);
    });

    test.each(examples)('%s: formatting is idempotent and keeps every token', async (file) => {
        const text = readFileSync(join('examples', file), 'utf8');
        const once = await format(text);
        expect(await format(once)).toBe(once);
        expect(once.replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        // Sections written on one line stay on one line.
        expect(once.split('\n').length).toBe(text.split('\n').length);
    });

    test('any layout of the tokens of an example formats idempotently to the same tokens', async () => {
        const text = readFileSync(join('examples', 'fashion-tiny.smash'), 'utf8');
        const tokens = Smash.parser.Lexer.tokenize(text).tokens.map((t) => t.image);
        const separators = fc.array(fc.constantFrom(' ', '  ', '\n', '\n\n', '\n  ', '\t'), { minLength: tokens.length, maxLength: tokens.length });
        await fc.assert(fc.asyncProperty(separators, async (gaps) => {
            const shuffled = tokens.map((t, i) => t + gaps[i]).join('');
            const once = await format(shuffled);
            expect(await format(once)).toBe(once);
            expect(Smash.parser.Lexer.tokenize(once).tokens.map((t) => t.image)).toEqual(tokens);
        }), { numRuns: 25 });
    });
});
