import { readFileSync, writeFileSync } from 'node:fs';
import { AstUtils, EmptyFileSystem, GrammarAST } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { DOCUMENTED_SECTIONS, refreshKnobTables } from '../../src/language/smash-docs.js';
import { IssueCodes } from '../../src/language/smash-issue-codes.js';
import { KNOBS } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';
import { propertyKeywords, SECTION_OF_RULE, SECTION_RULES } from '../../src/language/smash-sections.js';

const DOC = 'docs/language.md';
const markdown = readFileSync(DOC, 'utf8');
const services = createSmashServices(EmptyFileSystem);

/** The text of the generated table of one section. */
function table(section: string): string {
    const match = new RegExp(`<!-- knobs:${section} -->\\n([\\s\\S]*?)\\n<!-- /knobs:${section} -->`).exec(markdown);
    return match?.[1] ?? '';
}

describe('docs/language.md', () => {
    test('the knob tables match smash-knobs.ts (UPDATE_DOCS=1 rewrites them)', () => {
        const refreshed = refreshKnobTables(markdown);
        if (process.env.UPDATE_DOCS === '1' && refreshed !== markdown) writeFileSync(DOC, refreshed);
        else expect(markdown).toBe(refreshed);
    });

    test('the diagnostics table lists every code (UPDATE_DOCS=1 rewrites it)', () => {
        const rows = /<!-- diagnostics -->\n([\s\S]*?)\n<!-- \/diagnostics -->/.exec(markdown)?.[1]?.split('\n').slice(2) ?? [];
        expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1])).toEqual(Object.values(IssueCodes));
    });

    test('every section has a table', () => {
        for (const section of DOCUMENTED_SECTIONS) expect(table(section), section).not.toBe('');
    });

    test.each(KNOBS.map((k) => [k.section, k.keyword, k]))('%s knob %s is documented with its meaning and default', (section, keyword, knob) => {
        const text = keyword === section ? table(section).split('\n')[0] : table(section).split('\n').find((row) => row.startsWith(`| \`${keyword}\` |`));
        expect(text, `${section}.${keyword} is missing from ${DOC}`).toBeDefined();
        expect(text).toContain(knob.doc.replace(/\|/g, '\\|'));
        if (knob.default !== undefined) expect(text).toContain(`\`${knob.default}\``);
    });

    // The space's own knobs are one-line members, checked below.
    test.each(Object.entries(SECTION_OF_RULE).filter(([rule]) => rule !== 'Space'))('the properties of %s in the grammar are exactly the knobs of its section', (rule, section) => {
        expect([...grammarProperties(rule)].sort()).toEqual([...propertyKeywords(section)].sort());
    });

    test('the one-line members of the space in the grammar are exactly the knobs of the space', () => {
        const member = services.Smash.Grammar.rules.find((r) => r.name === 'Member')!;
        const firstKeywords = AstUtils.streamAllContents(member).filter(GrammarAST.isRuleCall)
            .map((call) => AstUtils.streamAllContents(call.rule.ref!).find(GrammarAST.isKeyword)?.value)
            .filter((k) => k !== undefined && (k === 'data' || !(k in SECTION_RULES))).toArray();
        expect(firstKeywords.sort()).toEqual([...propertyKeywords('space')].sort());
    });

    const examples = [...markdown.matchAll(/```smash\n([\s\S]*?)```/g)].map((m) => m[1]!);
    test.each(examples.map((e, i) => [i + 1, e]))('example %i parses and passes the checker', async (_, example) => {
        const document = await parseHelper<Model>(services.Smash)(inContext(example), { validation: true });
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
        expect((document.diagnostics ?? []).filter((d) => d.severity === 1).map((d) => d.message)).toEqual([]);
    });
});

/**
 * A fragment of the docs inside the smallest space it is valid in: a block for sections that need one,
 * blocks on both sides of a transition, the op families that block examples refer to.
 */
function inContext(example: string): string {
    if (/^\s*(\/\/.*\n)*\s*space /.test(example)) return example;
    const blocks = /^block /m.test(example) ? ['', ''] : /^transition /m.test(example) ? ['block docA { }', 'block docB { }'] : ['block docA { }', ''];
    return `space Doc {\n    unit 4\n    maxWidth 16\n${blocks[0]}\n${example}${blocks[1]}\n    op basic { }\n    op wide { }\n}\n`;
}


/** The keywords that start the alternatives of a section's repeated `( ... | ... )*` group. */
function grammarProperties(ruleName: string): Set<string> {
    const rule = services.Smash.Grammar.rules.find((r) => r.name === ruleName)!;
    const keywords = new Set<string>();
    for (const node of AstUtils.streamAllContents(rule)) {
        if (!GrammarAST.isAlternatives(node) || node.cardinality !== '*') continue;
        for (const element of node.elements) {
            const first = GrammarAST.isGroup(element) ? element.elements[0] : GrammarAST.isAssignment(element) ? element.terminal : undefined;
            if (GrammarAST.isKeyword(first)) keywords.add(first.value);
        }
    }
    return keywords;
}
