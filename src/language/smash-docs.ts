/**
 * The generated tables of docs/language.md: the knob tables from KNOBS, each between
 * `<!-- knobs:SECTION -->` and `<!-- /knobs:SECTION -->`, and the diagnostic codes from IssueCodes
 * and ISSUE_DOCS between `<!-- diagnostics -->` and `<!-- /diagnostics -->`. The prose and examples
 * around them are written by hand; test/language/docs.test.ts fails (or, with UPDATE_DOCS=1,
 * rewrites them) when a table is stale.
 */
import { IssueCodes } from './smash-issue-codes.js';
import { ISSUE_DOCS } from './smash-issue-docs.js';
import { KNOBS, type Section } from './smash-knobs.js';
import { SECTION_RULES } from './smash-sections.js';

export const DOCUMENTED_SECTIONS = Object.keys(SECTION_RULES) as readonly Section[];

export function knobTable(section: Section): string {
    const rows = KNOBS.filter((k) => k.section === section && k.keyword !== section).map((k) => {
        const fallback = k.default === undefined ? 'required or derived' : `\`${k.default}\``;
        return `| \`${k.keyword}\` | ${cell(k.doc)} | ${cell(fallback)} |`;
    });
    const own = KNOBS.find((k) => k.section === section && k.keyword === section);
    const intro = own ? [`${own.doc}`, ''] : [];
    return [...intro, '| Knob | Meaning | Default |', '|---|---|---|', ...rows].join('\n');
}

function cell(text: string): string {
    return text.replace(/\|/g, '\\|');
}

/** Every diagnostic code, in the order of smash-issue-codes.ts, with what it is about and an example. */
export function diagnosticsTable(): string {
    const rows = Object.values(IssueCodes).map((code) => {
        const doc = ISSUE_DOCS[code];
        return `| \`${code}\` | ${cell(doc.about)} | ${cell(doc.example)} |`;
    });
    return ['| Code | About | Example |', '|---|---|---|', ...rows].join('\n');
}

/** The document with every generated table replaced by its current version. */
export function refreshKnobTables(markdown: string): string {
    const withDiagnostics = markdown.replace(
        /(<!-- diagnostics -->\n)[\s\S]*?(\n<!-- \/diagnostics -->)/,
        (_, open: string, close: string) => `${open}${diagnosticsTable()}${close}`,
    );
    return withDiagnostics.replace(
        /(<!-- knobs:(\w+) -->\n)[\s\S]*?(\n<!-- \/knobs:\2 -->)/g,
        (_, open: string, section: string, close: string) => {
            if (!DOCUMENTED_SECTIONS.includes(section as Section)) throw new Error(`docs/language.md: unknown knob section '${section}'`);
            return `${open}${knobTable(section as Section)}${close}`;
        },
    );
}
