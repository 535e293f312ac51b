/**
 * Words as a message shows them: where a setting sits ("op `basic`", "space `T`", "`train`"),
 * the nearest known word to a misspelt one, and any text of the file made printable and short, so
 * that a message never carries control characters, NUL bytes or a long run of binary.
 */
import type { AstNode } from 'langium';
import { sectionOf } from './smash-sections.js';

/** The section a node is in, as a message names it. */
export function placeOf(node: AstNode): string {
    const section = sectionOf(node);
    const name = (node as { name?: unknown }).name;
    if (section === 'space' || section === 'op' || section === 'block') {
        return typeof name === 'string' && name !== '' ? `${section} \`${name}\`` : `this ${section}`;
    }
    return section ? `\`${section}\`` : 'this space';
}

/** The candidate closest to `word` (case-insensitive edit distance), if it is close enough to be a slip. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
    const lower = word.toLowerCase();
    let best: { word: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(lower, candidate.toLowerCase());
        if (!best || distance < best.distance) best = { word: candidate, distance };
    }
    const allowed = Math.max(1, Math.floor(word.length / 3));
    return best && best.distance <= allowed ? best.word : undefined;
}

/** Edits (insert, delete, replace, swap two neighbours) that turn a into b. */
function editDistance(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
    }
    return d[a.length]![b.length]!;
}

/** Longest piece of file text a message quotes. */
const QUOTE_LIMIT = 24;

/**
 * File text as a message may quote it: control and other invisible characters as U+XXXX, the rest
 * as written, cut to a few dozen characters with "...".
 */
export function printable(text: string): string {
    const chars = [...text];
    const shown = chars.slice(0, QUOTE_LIMIT).map((c) => (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\uFFFD]/u.test(c)
        ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : c)).join('');
    return chars.length > QUOTE_LIMIT ? `${shown}...` : shown;
}

/** `a`, `b` or `c` */
export function orList(words: readonly string[]): string {
    const quoted = words.map((w) => `\`${w}\``);
    return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** The one sentence for a setting written twice, at the space level, in a section, an optimizer or a list. */
export function writtenTwice(word: string, place: string): string {
    return `\`${word}\` is written twice in ${place}: a knob is set once; remove one of them.`;
}
