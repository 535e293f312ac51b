/**
 * The text of each class of syntax diagnostic, pinned: what a person meets before any rule of the
 * checker runs (a file that is not text, a stray character, a misspelt or misplaced knob, a value
 * that does not parse, an unknown op family or dataset). Each is one printable line with a code,
 * and one broken statement gives one error.
 */
import { describe, expect, test } from 'vitest';
import { BASE, diagnose, variant, withMembers } from './validation-helpers.js';

const FAMILIES = `space T {
    block b1 { ops basic, wide }
    op basic { kernel {3} }
    op wide { kernel {3} }
}`;

/** The errors of a text, as `code: message`. */
async function errors(text: string): Promise<string[]> {
    const { issues } = await diagnose(text);
    return issues.filter((i) => i.severity === 1).map((i) => `${i.code}: ${i.message}`);
}

describe('syntax diagnostics', () => {
    test.each([
        ['a negative seed', variant([['    slice 2', '    slice 2\n    seed -1']]),
            'smash/out-of-range: `-1`: seed must be a whole number ≥ 0'],
        ['a misspelt knob in a section', variant([['op conv { kernel', 'op conv { kernels']]),
            'smash/unknown-knob: unknown knob `kernels` in op `conv`; did you mean `kernel`?'],
        ['a misspelt knob of the space', withMembers('seeds 3'),
            'smash/unknown-knob: unknown knob `seeds` in space `T`; did you mean `seed`?'],
        ['a knob of another section', variant([['op conv { kernel', 'op conv { bankSize 2 kernel']]),
            'smash/misplaced-knob: misplaced knob `bankSize` in op `conv`: it belongs in `block`'],
        ['a value that does not parse', variant([['kernel {3, 5}', 'kernel {3 5}']]),
            'smash/bad-value: `kernel` in op `conv` takes a value, a set, a weighted set or a range (e.g. `{3, 5, 7}`); `{3 5}` is not one'],
        ['an unresolved op family', FAMILIES.replace('ops basic, wide', 'ops basic, missing'),
            'smash/unknown-op-family: unknown op family `missing`; this space defines basic, wide'],
        ['a misspelt op family', FAMILIES.replace('ops basic, wide', 'ops basic, wdie'),
            'smash/unknown-op-family: unknown op family `wdie`; did you mean `wide`? This space defines basic, wide'],
        ['an unknown dataset', withMembers('data imagenet'),
            'smash/unknown-dataset: unknown dataset `imagenet`; use `fashion-mnist`, `mnist`, `cifar10` or `cifar100`'],
        ['a stray character', variant([['unit 4', 'unit 4 $']]),
            'smash/syntax-character: unexpected character `$`: not part of any word, number or symbol of the language'],
        ['a missing closing brace', BASE.slice(0, BASE.lastIndexOf('}')),
            'smash/syntax-expected: expected `}` in the space, found the end of the file'],
        ['a section not closed before the next one', variant([['groups {1, 2, 4} }', 'groups {1, 2, 4}']]),
            'smash/syntax-expected: `groups` in an op family cannot be read to its end: check its value, and that its section is closed with `}`'],
        ['UTF-16 read as UTF-8', '\uFFFD\uFFFDs\0p\0a\0c\0e\0 \0T\0 \0{\0}\0', 'smash/file-utf16: this file is UTF-16; save it as UTF-8'],
        ['UTF-16 without a byte-order mark', 's\0p\0a\0c\0e\0 \0T\0 \0{\0}\0', 'smash/file-utf16: this file is UTF-16; save it as UTF-8'],
        ['a binary file', `space T {\0\x01\x02${'\xff'.repeat(40)}}`, 'smash/file-binary: this file is binary, not a .smash text file'],
    ])('%s', async (_, text, expected) => {
        expect(await errors(text)).toEqual([expected]);
    });

    test('a control character or a long run of junk is quoted printably and cut short', async () => {
        const [control] = await errors(variant([['unit 4', 'unit 4 \x01']]));
        expect(control).toContain('`U+0001`');
        const [junk] = await errors(variant([['unit 4', `unit 4 ${'$'.repeat(130)}`]]));
        expect(junk).toContain(`\`${'$'.repeat(24)}...\``);
    });

    test.each([
        ['a set without its closing brace', variant([['groups {1, 2, 4}', 'groups {1, 2, 4']])],
        ['a range without its upper end', variant([['bankSize 1 .. 4', 'bankSize 1 ..']])],
        ['a section opened twice', variant([['train { epochs 1', 'train { { epochs 1']])],
        ['an optimizer without its closing parenthesis', withMembers('hypernet { growth 8 }').replace('retrain { top 2', 'retrain { optimizer sgd(lr 0.1 top 2')],
    ])('%s gives one error, not a cascade', async (_, text) => {
        const found = await errors(text);
        expect(found).toHaveLength(1);
    });

    test('every message is one printable line', async () => {
        const texts = [
            variant([['unit 4', 'unit 4 \x00\x01 \u0007']]), variant([['op conv {', 'op conv { ( ']]),
            withMembers('data 3'), withMembers('op { }'), variant([['ops conv', 'ops']]), '}}}',
        ];
        for (const text of texts) {
            for (const issue of (await diagnose(text)).issues) {
                expect(issue.message, issue.message).not.toMatch(/[\n\r\0\x01-\x1f]/);
                expect(issue.code, issue.message).toMatch(/^smash\//);
            }
        }
    });
});
