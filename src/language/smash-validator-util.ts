/**
 * Helpers shared by the validation rules: reporting a diagnostic on the exact text of a value,
 * finding that text in the CST (also for properties written twice, where the AST only keeps the
 * last), and the data the quick fixes need to repair an issue without re-analysing the document.
 */
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CstNode, type ValidationAcceptor } from 'langium';
import type { Position, Range } from 'vscode-languageserver-types';
import type { IssueCode } from './smash-issue-codes.js';
import { NAME_RULES } from './smash-sections.js';

/** What a quick fix needs, carried in `Diagnostic.data` (plain JSON, it travels to the client and back). */
export interface IssueData {
    code: IssueCode;
    /** Replacement numbers for the diagnostic's range, the preferred one first. */
    values?: number[];
    /** The multiple that `values` are rounded to. */
    multiple?: number;
    /** Replacement text for the diagnostic's range. */
    text?: string;
    /** Text to delete (a duplicate or an impossible value, with its separator). */
    remove?: Range;
    /** A whole list that a fix rewrites as `text` (`augment crop 2, none` to `augment none`). */
    list?: Range;
    /** The two ends of an inverted range. */
    swap?: { low: Range; high: Range };
    insert?: { position: Position; text: string };
    /** The knob or value a fix talks about, for its title. */
    label?: string;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export class Reporter {
    constructor(private readonly accept: ValidationAcceptor) {}

    error(message: string, node: AstNode, range: Range, data: IssueData): void {
        this.accept('error', message, { node, range, code: data.code, data });
    }

    warning(message: string, node: AstNode, range: Range, data: IssueData): void {
        this.accept('warning', message, { node, range, code: data.code, data });
    }

    info(message: string, node: AstNode, range: Range, data: IssueData): void {
        this.accept('info', message, { node, range, code: data.code, data });
    }
}

/** The range of a node's text; a node without text (recovered by the parser) falls back to its container's. */
export function rangeOf(node: AstNode | undefined): Range {
    for (let n = node; n; n = n.$container) {
        if (n.$cstNode) return n.$cstNode.range;
    }
    return ZERO;
}

/**
 * The CST node of a property's value. Without an index, the last occurrence: the one whose value
 * the AST holds when the property is written twice.
 */
export function propertyNode(node: AstNode, property: string, index?: number): CstNode | undefined {
    const nodes = GrammarUtils.findNodesForProperty(node.$cstNode, property);
    return index === undefined ? nodes.at(-1) : nodes[index];
}

export function propertyRange(node: AstNode, property: string, index?: number): Range {
    return propertyNode(node, property, index)?.range ?? rangeOf(node);
}

/** The tokens of a node itself, with each child node's text as one part; comments left out. */
export function ownParts(node: AstNode): CstNode[] {
    const parts: CstNode[] = [];
    if (!node.$cstNode) return parts;
    const iterator = CstUtils.streamCst(node.$cstNode).iterator();
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const cst = next.value;
        if (cst.astNode !== node) {
            parts.push(cst);
            iterator.prune();
        } else if (!isCompositeCstNode(cst) && !cst.hidden) {
            parts.push(cst);
        }
    }
    return parts;
}

/** A knob keyword of the section, not the same word used as a name (`op kernel`, `ops ops`). */
export function isKeywordPart(part: CstNode, keywords: ReadonlySet<string>): boolean {
    const source = part.grammarSource;
    return GrammarAST.isKeyword(source) && keywords.has(source.value)
        && !NAME_RULES.has(AstUtils.getContainerOfType(source, GrammarAST.isParserRule)?.name ?? '');
}

/** A range from the end of one part to the end of another: a clause with the blank before it. */
export function spanAfter(previous: CstNode | undefined, first: CstNode, last: CstNode): Range {
    return { start: previous ? previous.range.end : first.range.start, end: last.range.end };
}

/** What to delete to remove item i of a comma-separated list, separator included. */
export function listItemRemoval(items: readonly (CstNode | undefined)[], i: number): Range | undefined {
    const item = items[i];
    if (!item) return undefined;
    const before = items[i - 1];
    if (before) return { start: before.range.end, end: item.range.end };
    const after = items[i + 1];
    if (after) return { start: item.range.start, end: after.range.start };
    return undefined;
}

/** A number as the message should show it: integers without exponent, others as written by JS. */
export function fmt(value: number): string {
    if (!Number.isFinite(value)) return 'infinite';
    return String(Number.isInteger(value) ? value : Number(value.toPrecision(6)));
}

/** A count with its noun: "1 slice", "3 slices". */
export function plural(n: number, noun: string): string {
    return `${fmt(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** An estimate to three significant digits. */
export function approx(n: number): string {
    return String(Number(n.toPrecision(3)));
}

/** "a, b and c" */
export function listText(items: readonly (string | number)[]): string {
    const texts = items.map((i) => (typeof i === 'number' ? fmt(i) : i));
    if (texts.length <= 1) return texts.join('');
    return `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
}

/** Values shown in a message, shortened when a range stands for many. */
export function valuesText(values: readonly number[]): string {
    return values.length > 6 ? `${listText(values.slice(0, 5))} ... ${fmt(values.at(-1)!)}` : listText(values);
}

export function gcd(a: number, b: number): number {
    return b === 0 ? a : gcd(b, a % b);
}

export function isCount(value: number | undefined, min = 1): value is number {
    return value !== undefined && Number.isSafeInteger(value) && value >= min;
}
