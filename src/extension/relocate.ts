/**
 * Finding a range of a run's snapshot of its .smash file in the file as it is now. No `vscode` import.
 */
import type { SourcePosition, SourceRange } from '../engine/space/space.js';

/** Offsets of the first character of every line (lines end at '\n'; a '\r' before it belongs to the line). */
function lineStarts(text: string): number[] {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
}

export function offsetAt(text: string, position: SourcePosition, starts = lineStarts(text)): number {
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return text.length;
    const lineEnd = position.line + 1 < starts.length ? starts[position.line + 1]! - 1 : text.length;
    return Math.min(starts[position.line]! + Math.max(0, position.character), lineEnd);
}

export function positionAt(text: string, offset: number, starts = lineStarts(text)): SourcePosition {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= offset) low = mid;
        else high = mid - 1;
    }
    return { line: low, character: offset - starts[low]! };
}

/** The text without whitespace, and where each of its characters is in the original. */
function strip(text: string): { text: string; origin: number[] } {
    const origin: number[] = [];
    let out = '';
    for (let i = 0; i < text.length; i++) {
        if (/\s/.test(text[i]!)) continue;
        out += text[i];
        origin.push(i);
    }
    return { text: out, origin };
}

/**
 * How many non-blank characters before and after the snippet must match too, in the order tried:
 * both sides wide, then narrower, then one side only (an edit on the other side).
 */
const CONTEXTS: Array<[number, number]> = [[64, 64], [24, 24], [8, 8], [8, 0], [0, 8], [3, 3], [3, 0], [0, 3]];
/** Snippets at least this long may also be found without any context. */
const SELF_EVIDENT = 8;

/**
 * Where the text that `range` covers in `snapshot` is in `current`. Whitespace is ignored, so
 * reformatting does not lose anything. The snippet is searched with some of its surroundings, so
 * that the "5" of `kernel {3, 5}` is found in that same place even after lines were added above
 * it, widest context first; among equal matches the one nearest the old place wins. Undefined when
 * the snippet is empty or no longer there with any of its context.
 */
export function relocate(snapshot: string, current: string, range: SourceRange): SourceRange | undefined {
    const snapshotStarts = lineStarts(snapshot);
    const start = offsetAt(snapshot, range.start, snapshotStarts);
    const end = offsetAt(snapshot, range.end, snapshotStarts);
    const before = strip(snapshot.slice(0, start)).text;
    const snippet = strip(snapshot.slice(start, end)).text;
    const after = strip(snapshot.slice(end)).text;
    if (snippet === '') return undefined;
    const target = strip(current);
    const contexts = snippet.length >= SELF_EVIDENT ? [...CONTEXTS, [0, 0] as [number, number]] : CONTEXTS;
    for (const [left, right] of contexts) {
        const prefix = left === 0 ? '' : before.slice(-left);
        const needle = prefix + snippet + after.slice(0, right);
        const hit = nearest(occurrences(target.text, needle).map((i) => i + prefix.length), before.length);
        if (hit !== undefined) {
            const currentStarts = lineStarts(current);
            const from = target.origin[hit]!;
            const to = target.origin[hit + snippet.length - 1]! + 1;
            return { start: positionAt(current, from, currentStarts), end: positionAt(current, to, currentStarts) };
        }
    }
    return undefined;
}
function occurrences(text: string, needle: string): number[] {
    const found: number[] = [];
    for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
    return found;
}

function nearest(candidates: number[], target: number): number | undefined {
    let best: number | undefined;
    for (const c of candidates) if (best === undefined || Math.abs(c - target) < Math.abs(best - target)) best = c;
    return best;
}
