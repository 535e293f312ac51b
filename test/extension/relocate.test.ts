import { describe, expect, test } from 'vitest';
import { offsetAt, positionAt, relocate } from '../../src/extension/relocate.js';
import type { SourceRange } from '../../src/engine/space/space.js';
import { SPACE_TEXT, at } from './fixtures.js';

const range = (text: string, anchor = ''): SourceRange => at('file:///x', text, anchor).range;
const textAt = (text: string, r: SourceRange) => text.slice(offsetAt(text, r.start), offsetAt(text, r.end));

describe('relocate', () => {
    test('an unchanged text gives the same range', () => {
        const r = range('5', 'kernel {');
        expect(relocate(SPACE_TEXT, SPACE_TEXT, r)).toEqual(r);
    });

    test('lines added above move the range down with them', () => {
        const current = '// a comment\n// another\n' + SPACE_TEXT;
        const found = relocate(SPACE_TEXT, current, range('5', 'kernel {'))!;
        expect(found.start.line).toBe(range('5', 'kernel {').start.line + 2);
        expect(textAt(current, found)).toBe('5');
    });

    test('a value that occurs many times is found in its own context, not at the nearest offset', () => {
        // Insert a new op with a "2" just where the old dilation's "2" was, shifting the real one far away.
        const r = range('2', 'dilation {');
        const insertion = '        groups {2}\n'.repeat(3);
        const lineStart = offsetAt(SPACE_TEXT, { line: r.start.line, character: 0 });
        const current = SPACE_TEXT.slice(0, lineStart) + insertion + SPACE_TEXT.slice(lineStart);
        const found = relocate(SPACE_TEXT, current, r)!;
        expect(found.start.line).toBe(r.start.line + 3);
        expect(current.split('\n')[found.start.line]).toBe('        dilation {1, 2}');
        expect(textAt(current, found)).toBe('2');
    });

    test('reformatted surroundings fall back to the bare snippet nearest the old place', () => {
        const current = SPACE_TEXT.replace('kernel {3, 5}', 'kernel   {  3,5 }');
        const found = relocate(SPACE_TEXT, current, range('5', 'kernel {'))!;
        expect(current.split('\n')[found.start.line]).toContain('kernel');
        expect(textAt(current, found)).toBe('5');
    });

    test('an edit on one side of the snippet still finds it by the other side', () => {
        const current = SPACE_TEXT.replace('kernel {3, 5}', 'kernel {3, 5, 7}');
        const found = relocate(SPACE_TEXT, current, range('5', 'kernel {'))!;
        expect(current.split('\n')[found.start.line]).toBe('        kernel {3, 5, 7}');
        expect(textAt(current, found)).toBe('5');
    });

    test('a short snippet is not matched anywhere else just because the same characters occur there', () => {
        // "5" still occurs in "0.5 .. 1.0", two lines up, but not as a kernel size.
        expect(relocate(SPACE_TEXT, SPACE_TEXT.replace('kernel {3, 5}', 'kernel {3}'), range('5', 'kernel {'))).toBeUndefined();
    });

    test('a long snippet is found on its own even when everything around it changed', () => {
        const current = 'space Other {\n  op extra { }\n  op basic { paths 2 }\n}\n';
        const found = relocate(SPACE_TEXT, current, range('op basic {'))!;
        expect(textAt(current, found)).toBe('op basic {');
    });

    test('a snippet that is gone, or empty, is not found', () => {
        expect(relocate(SPACE_TEXT, SPACE_TEXT.replace('relu', 'tanh'), range('relu'))).toBeUndefined();
        const r = range('relu');
        expect(relocate(SPACE_TEXT, SPACE_TEXT, { start: r.start, end: r.start })).toBeUndefined();
    });

    test('CRLF line ends keep characters within the line', () => {
        const crlf = SPACE_TEXT.replace(/\n/g, '\r\n');
        const r = range('relu');
        const found = relocate(crlf, '\r\n' + crlf, r)!;
        expect(found).toEqual({ start: { line: r.start.line + 1, character: r.start.character }, end: { line: r.end.line + 1, character: r.end.character } });
    });
});

describe('offsets and positions', () => {
    test('round trip, and out-of-range positions are clamped', () => {
        for (const offset of [0, 5, 13, SPACE_TEXT.length]) expect(offsetAt(SPACE_TEXT, positionAt(SPACE_TEXT, offset))).toBe(offset);
        expect(offsetAt('ab\ncd', { line: 0, character: 99 })).toBe(2);
        expect(offsetAt('ab\ncd', { line: 9, character: 0 })).toBe(5);
    });
});
