/**
 * The knob tables of docs/language.md, generated from KNOBS. The prose and examples around them are
 * written by hand; each table sits between `<!-- knobs:SECTION -->` and `<!-- /knobs:SECTION -->`
 * and test/language/docs.test.ts fails (or, with UPDATE_DOCS=1, rewrites it) when a table is stale.
 */
import { KNOBS, type Section } from './smash-knobs.js';

export const DOCUMENTED_SECTIONS: readonly Section[] = [
    'space', 'data', 'stem', 'block', 'transition', 'op', 'hypernet', 'train', 'search', 'retrain',
];

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

/** The document with every generated table replaced by its current version. */
export function refreshKnobTables(markdown: string): string {
    return markdown.replace(
        /(<!-- knobs:(\w+) -->\n)[\s\S]*?(\n<!-- \/knobs:\2 -->)/g,
        (_, open: string, section: string, close: string) => {
            if (!DOCUMENTED_SECTIONS.includes(section as Section)) throw new Error(`docs/language.md: unknown knob section '${section}'`);
            return `${open}${knobTable(section as Section)}${close}`;
        },
    );
}
