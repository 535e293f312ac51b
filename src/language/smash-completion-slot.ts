/**
 * Which knob's value is being typed at the cursor, read from the tokens before it. Completion runs
 * on text that usually does not parse (`kernel |` has no value yet), so this looks at tokens and
 * brace nesting rather than at the AST.
 */
import type { IToken } from 'chevrotain';
import { findKnob, type Knob, type Section } from './smash-knobs.js';
import { SECTION_RULES } from './smash-sections.js';

export interface ValueSlot {
    knob: Knob;
    /** Inside the `{ ... }` value set of the knob: single values are wanted, not whole sets. */
    inSet: boolean;
    /** After a `,` of a list-valued knob (`augment crop 4, |`): one more item is wanted. */
    nextItem: boolean;
}

/** Keywords that open a named section: `block b1 {`, `op basic {`, `space Name {`. */
const NAMED_OPENERS: Readonly<Record<string, Section>> = { block: 'block', op: 'op', space: 'space' };
/**
 * Keywords that open a `{ ... }` section directly inside the space. `data` is not one: its braces
 * are optional and follow the dataset (`data fashion-mnist { ... }`).
 */
const SECTION_OPENERS: Readonly<Record<string, Section>> = Object.fromEntries(
    (Object.keys(SECTION_RULES) as Section[]).filter((s) => s !== 'data' && !(s in NAMED_OPENERS)).map((s) => [s, s]));

interface Frame {
    kind: 'section' | 'set' | 'group';
    section?: Section;
    /** The knob whose value is being written in this frame. */
    knob?: Knob;
    /** Index of the token of that knob's keyword. */
    knobToken?: number;
}

/** `tokens` are all tokens of the document that end before the text being completed. */
export function valueSlotAt(tokens: IToken[]): ValueSlot | undefined {
    const stack: Frame[] = [];
    tokens.forEach((token, i) => {
        const top = stack[stack.length - 1];
        const text = token.image;
        if (text === '{') stack.push(openBrace(tokens, i, top));
        else if (text === '(' || text === '[') stack.push({ kind: 'group' });
        else if (text === '}' || text === ')' || text === ']') stack.pop();
        else if (top?.kind === 'section' && /^[a-z]/i.test(text) && token.tokenType.name !== 'ID') {
            const knob = findKnob(top.section!, text);
            if (knob && knob.keyword !== knob.section) Object.assign(top, { knob, knobToken: i });
            else if (top.section === 'space' && (text in SECTION_OPENERS || text in NAMED_OPENERS)) top.knob = undefined;
        }
    });
    const top = stack[stack.length - 1];
    const last = tokens[tokens.length - 1];
    if (!top?.knob || !last) return undefined;
    if (top.kind === 'set') {
        return last.image === '{' || last.image === ',' ? { knob: top.knob, inSet: true, nextItem: false } : undefined;
    }
    if (top.kind !== 'section') return undefined;
    if (top.knobToken === tokens.length - 1) return { knob: top.knob, inSet: false, nextItem: false };
    if (last.image === ',') return { knob: top.knob, inSet: false, nextItem: true };
    if (last.image === 'x' && top.knob.keyword === 'kernel') return { knob: top.knob, inSet: false, nextItem: false };
    return undefined;
}

function openBrace(tokens: IToken[], i: number, top: Frame | undefined): Frame {
    const previous = tokens[i - 1]?.image ?? '';
    const beforePrevious = tokens[i - 2]?.image ?? '';
    if (top === undefined && beforePrevious === 'space') return { kind: 'section', section: 'space' };
    if (top?.kind === 'section' && top.section === 'space') {
        if (previous in SECTION_OPENERS) return { kind: 'section', section: SECTION_OPENERS[previous] };
        if (beforePrevious in NAMED_OPENERS) return { kind: 'section', section: NAMED_OPENERS[beforePrevious] };
        if (beforePrevious === 'data') return { kind: 'section', section: 'data' };
    }
    return { kind: 'set', knob: top?.knob };
}
