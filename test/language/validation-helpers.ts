/**
 * Shared by the validation tests: a small space without any diagnostic, variants of it, and
 * assertions on a diagnostic's code, severity and the exact text its range covers.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { expect } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../../src/language/generated/ast.js';
import { createSmashServices } from '../../src/language/smash-module.js';

export const services = createSmashServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Smash);

/** Fashion-MNIST 28 x 28: block a on 28 x 28 maps with 16 input channels, block b on 14 x 14 with 24. */
export const BASE = `space T {
    unit 4
    maxWidth 16
    slice 2
    stem { kernel 3 width 16 }
    block a { bankSize {1, 2, 4} maxBanks 12 ops conv }
    transition { width 24 pool avg }
    block b { bankSize 1 .. 4 maxBanks 14 ops conv }
    op conv { kernel {3, 5} dilation {1, 2} groups {1, 2, 4} }
    train { epochs 1 batch 32 }
    search { random 10 perturb 2 hillclimb 2 }
    retrain { top 2 epochs 1 }
}`;

/** BASE (or `text`) with each `[old, new]` replaced once; a missing `old` is a mistake in the test. */
export function variant(edits: [string, string][], text = BASE): string {
    return edits.reduce((t, [from, to]) => {
        if (!t.includes(from)) throw new Error(`variant: ${JSON.stringify(from)} is not in the text`);
        return t.replace(from, to);
    }, text);
}

/** BASE with extra members before its closing brace. */
export function withMembers(members: string, text = BASE): string {
    return `${text.slice(0, text.lastIndexOf('}'))}    ${members}\n}`;
}

export interface Issue {
    code: string | undefined;
    severity: Diagnostic['severity'];
    message: string;
    /** The text the range covers. */
    text: string;
    /** Offset of the range's start. */
    offset: number;
}

export async function diagnose(text: string): Promise<{ issues: Issue[]; diagnostics: Diagnostic[] }> {
    const document = await parse(text, { validation: true });
    const doc = document.textDocument;
    const diagnostics = document.diagnostics ?? [];
    const issues = diagnostics.map((d) => ({
        code: (d.data as { code?: string } | undefined)?.code ?? (typeof d.code === 'string' ? d.code : undefined),
        severity: d.severity,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        text: doc.getText(d.range),
        offset: doc.offsetAt(d.range.start),
    }));
    return { issues, diagnostics };
}

/** Where a value is: its text, searched after `after` when the text alone is ambiguous. */
export type At = string | { text: string; after: string };

function offsetOf(text: string, at: At): { text: string; offset: number } {
    if (typeof at === 'string') return { text: at, offset: -1 };
    const start = text.indexOf(at.after);
    if (start < 0) throw new Error(`${at.after} is not in the text`);
    return { text: at.text, offset: text.indexOf(at.text, start + at.after.length) };
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** The text has a diagnostic with this code, severity and exactly this range. */
export async function expectIssue(text: string, code: string, at: At, severity: keyof typeof SEVERITY = 'error'): Promise<Issue> {
    const { issues } = await diagnose(text);
    const where = offsetOf(text, at);
    const match = issues.find((i) => i.code === code && i.text === where.text && (where.offset < 0 || i.offset === where.offset));
    expect(match, `no ${code} on ${JSON.stringify(where.text)}; got:\n${issues.map((i) => `${i.code} ${JSON.stringify(i.text)} ${i.message}`).join('\n')}`).toBeDefined();
    expect(match!.severity).toBe(SEVERITY[severity]);
    expect(match!.message.length).toBeGreaterThan(20);
    return match!;
}

export async function expectNoIssue(text: string, code: string): Promise<void> {
    const { issues } = await diagnose(text);
    expect(issues.filter((i) => i.code === code).map((i) => `${i.text}: ${i.message}`)).toEqual([]);
}

/** One rule: a text that breaks it (with where the diagnostic goes) and a close one that does not. */
export interface RuleCase {
    name: string;
    code: string;
    bad: string;
    at: At;
    good: string;
    severity?: keyof typeof SEVERITY;
}

export async function checkRule(c: RuleCase): Promise<void> {
    await expectIssue(c.bad, c.code, c.at, c.severity ?? 'error');
    await expectNoIssue(c.good, c.code);
}
