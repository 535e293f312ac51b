/**
 * Bad input: mangled examples (slices deleted, duplicated or replaced by junk, binary bytes, huge
 * numbers, deep nesting, truncation) must never make parsing, validation or the quick fixes
 * throw, every diagnostic and edit must lie inside the document, and whatever the validator lets
 * through without an error must compile to finite numbers and non-empty choices: the compiler
 * trusts the validator.
 */
import fc from 'fast-check';
import { type LangiumDocument } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { CodeAction } from 'vscode-languageserver';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { examples, mutation } from '../support/mutations.js';
import { services } from './validation-helpers.js';

const parse = parseHelper<Model>(services.Smash);

/** Every number finite, every choice list non-empty: what the engine can run. */
function expectSane(value: unknown, path = 'space'): void {
    if (typeof value === 'number') expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    if (Array.isArray(value)) {
        if (!/\.(transitions|augment|kernelAnneal)$/.test(path)) expect(value.length, `${path} is empty`).toBeGreaterThan(0);
        value.forEach((v, i) => expectSane(v, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) if (key !== 'at') expectSane(v, `${path}.${key}`);
    }
}

async function check(text: string): Promise<LangiumDocument<Model>> {
    const document = await parse(text, { validation: true });
    const lines = text.split(/\r\n|\r|\n/);
    for (const d of document.diagnostics ?? []) {
        expect(String(d.message)).not.toMatch(/An error occurred/);
        const { start, end } = d.range;
        expect(start.line <= end.line && (start.line < end.line || start.character <= end.character)).toBe(true);
        expect(end.line).toBeLessThan(lines.length);
        expect(end.character).toBeLessThanOrEqual(lines[end.line]!.length);
    }
    const actions = await services.Smash.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: document.diagnostics ?? [] },
    }) ?? [];
    for (const action of actions as CodeAction[]) {
        for (const edit of action.edit?.changes?.[document.textDocument.uri] ?? []) {
            expect(edit.range.end.line).toBeLessThan(lines.length);
            expect(edit.range.end.character).toBeLessThanOrEqual(lines[edit.range.end.line]!.length);
        }
    }
    const clean = (document.diagnostics ?? []).every((d) => d.severity !== 1);
    const space = document.parseResult.value.space;
    if (clean && space) expectSane(compileSpace(space));
    await clearDocuments(services.shared, [document]);
    return document;
}

describe('mutated examples', () => {
    test('parsing, validation and quick fixes never throw and stay inside the document', async () => {
        await fc.assert(
            fc.asyncProperty(fc.constantFrom(...examples), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (text, mutations) => {
                await check(mutations.reduce((t, m) => m(t), text));
            }),
            { numRuns: 4000, seed: 20_180_430 },
        );
    });

    test('deeply nested braces and a wall of huge numbers', async () => {
        await check(`space Deep { ${'op x { '.repeat(2000)}${'}'.repeat(2000)} }`);
        await check(`space Huge { unit ${'9'.repeat(400)} maxWidth 1e308 slice 1e999 stem { width ${'9'.repeat(30)} } block a { bankSize 1 .. 1e308 } }`);
        await check('\u0000\u0001\u00ff'.repeat(1000));
    });
});

describe('a generated 10,000-line file', () => {
    test('validates without throwing, every diagnostic inside the document', async () => {
        const lines = ['space Big {', '    unit 4', '    maxWidth 16', '    stem { kernel 3 width 16 }'];
        for (let b = 0; b < 8; b++) {
            if (b > 0) lines.push(`    transition { width ${16 + 4 * b} pool avg }`);
            lines.push(`    block b${b} { bankSize {1, 2, 4} maxBanks ${12 + b} budget 0.3 .. 1.0 anneal 50% }`);
        }
        for (let f = 0; lines.length < 9_998; f++) {
            lines.push(`    op f${f} {`, '        structure variable', `        kernel {3${f % 7 === 0 ? ', 4' : ''}}`,
                `        dilation {1, ${1 + (f % 5)}}`, '        groups {1, 2, 4}', '        activation {relu: 0.5, tanh: 0.5}',
                `        reads 1 .. ${1 + (f % 9)}`, '    }');
        }
        lines.push('    train { epochs 1 batch 32 }', '}');
        const document = await check(lines.join('\n'));
        expect(lines.length).toBeGreaterThanOrEqual(10_000);
        const codes = new Set((document.diagnostics ?? []).map((d) => (d.data as { code?: string } | undefined)?.code));
        expect(codes).toContain('smash/kernel-even');
        expect(codes).toContain('smash/resolution-too-small');
    });
});
