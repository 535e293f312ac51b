/** Ways to mangle a .smash file, for the bad-input property tests of the language services and the CLI. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

export const examples = readdirSync('examples').filter((f) => f.endsWith('.smash')).map((f) => readFileSync(join('examples', f), 'utf8'));

const WORDS = [
    '1e308', '1e999', '99999999999999999999', '0', '.5', '0.0', '2.5', '-1', '4 .. 1', '1 .. 100000', '{', '}', '(', ')',
    '[', ']', ',', ':', '%', '..', 'x', '"', '"unterminated', '/*', '*/', '//', 'block', 'transition', 'op', 'ops', 'space',
    'kernel', 'dilation', 'structure', 'budget', 'of', 'anneal', 'from', 'over', 'stages', 'hypernet', 'legacyEncoding',
    'transition { }', 'block z { }', 'op q { }', 'ops nope', 'unit 0', 'maxWidth 7', 'slice 3', 'bankSize {}', '\u0000', '\uffff',
];

const junk = fc.oneof(
    fc.constantFrom(...WORDS),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uint8Array({ maxLength: 40 }).map((bytes) => String.fromCharCode(...bytes)),
    fc.double().map(String),
    fc.integer({ min: 1, max: 400 }).map((n) => '{'.repeat(n)),
    fc.integer({ min: 1, max: 100 }).map((n) => '('.repeat(n) + ')'.repeat(n)),
);

export type Mutation = (text: string) => string;
const position = fc.double({ min: 0, max: 1, noNaN: true });
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.tuple(position, fc.integer({ min: 1, max: 300 })).map(([p, n]): Mutation => (t) => {
        const at = Math.floor(p * t.length);
        return t.slice(0, at) + t.slice(at + n);
    }),
    fc.tuple(position, junk).map(([p, s]): Mutation => (t) => {
        const at = Math.floor(p * t.length);
        return t.slice(0, at) + s + t.slice(at);
    }),
    fc.tuple(position, fc.integer({ min: 1, max: 300 }), position).map(([p, n, q]): Mutation => (t) => {
        const from = Math.floor(p * t.length);
        const at = Math.floor(q * t.length);
        return t.slice(0, at) + t.slice(from, from + n) + t.slice(at);
    }),
    fc.tuple(fc.nat(), fc.constantFrom('1e308', '99999999999999999999', '0', '1e-300', '3.5', '1e999')).map(([i, n]): Mutation => (t) => {
        const numbers = [...t.matchAll(/\b\d+(\.\d+)?\b/g)];
        const m = numbers[i % Math.max(1, numbers.length)];
        return m?.index === undefined ? t : t.slice(0, m.index) + n + t.slice(m.index + m[0].length);
    }),
    position.map((p): Mutation => (t) => t.slice(0, Math.floor(p * t.length))),
);

