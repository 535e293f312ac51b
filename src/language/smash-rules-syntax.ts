/**
 * Settings the grammar's catch-all took in (smash.langium, `UnknownSetting`) and datasets it does
 * not know: a misspelt knob (with the nearest knob of the section, and a quick fix to it), a knob
 * of another section, a knob of this section whose value does not parse, an unknown dataset. Each
 * is one line, where the parser alone would have reported a token mismatch and its follow-ups.
 */
import { AstUtils, GrammarAST } from 'langium';
import type { DataSection, UnknownSetting } from './generated/ast.js';
import { SmashGrammar } from './generated/grammar.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DATASETS, findKnob, KNOBS, type Section } from './smash-knobs.js';
import { nearest, orList, placeOf, printable } from './smash-names.js';
import { propertyKeywords, SECTION_RULES, sectionOf } from './smash-sections.js';
import { propertyRange, rangeOf, type Reporter } from './smash-validator-util.js';

/** Keywords that open a section: at the space level they are as valid as its one-line knobs. */
const OPENERS = KNOBS.filter((k) => k.keyword === k.section && k.section !== 'space').map((k) => k.keyword);

function knobsOf(section: Section): Set<string> {
    const own = propertyKeywords(section);
    if (section === 'space') for (const opener of OPENERS) own.add(opener);
    return own;
}

export function checkUnknownSetting(node: UnknownSetting, report: Reporter): void {
    const container = node.$container;
    const section = sectionOf(container) ?? 'space';
    const place = placeOf(container);
    const word = node.name;
    const nameRange = propertyRange(node, 'name');
    const own = knobsOf(section);
    if (own.has(word)) {
        badValue(node, section, place, report);
        return;
    }
    const homes = [...new Set(KNOBS.filter((k) => k.keyword === word && k.keyword !== k.section).map((k) => k.section))];
    if (homes.length > 0) {
        const where = homes.map((h) => (h === 'space' ? 'the space itself' : `\`${h}\``)).join(' or ');
        report.error(`misplaced knob \`${word}\` in ${place}: it belongs in ${where}`,
            node, nameRange, { code: IssueCodes.MisplacedKnob, label: word, remove: rangeOf(node) });
        return;
    }
    const guess = nearest(word, own);
    const hint = guess ? `did you mean \`${guess}\`?` : `its knobs are ${[...own].join(', ')}`;
    report.error(`unknown knob \`${printable(word)}\` in ${place}; ${hint}`,
        node, nameRange, { code: IssueCodes.UnknownKnob, text: guess, label: word });
}

function badValue(node: UnknownSetting, section: Section, place: string, report: Reporter): void {
    const word = node.name;
    const form = knobForm(section, word);
    const example = exampleOf(section, word);
    const takes = `${form}${example ? ` (e.g. \`${example}\`)` : ''}`;
    if (node.value === undefined) {
        report.error(`\`${word}\` in ${place} needs a value: ${takes}`, node, rangeOf(node), { code: IssueCodes.BadValue });
        return;
    }
    const text = printable(propertyRangeText(node));
    report.error(`\`${word}\` in ${place} takes ${takes}; \`${text}\` is not one`,
        node, propertyRange(node, 'value'), { code: IssueCodes.BadValue });
}

function propertyRangeText(node: UnknownSetting): string {
    const document = AstUtils.getDocument(node);
    return document.textDocument.getText(propertyRange(node, 'value')).replace(/\s+/g, ' ');
}

export function checkDataset(node: DataSection, report: Reporter): void {
    const word = node.unknownSource;
    if (word === undefined) return;
    const kinds = Object.keys(DATASETS);
    const guess = nearest(word, kinds);
    report.error(`unknown dataset \`${printable(word)}\`; use ${orList(kinds)}${guess ? ` (did you mean \`${guess}\`?)` : ''}`,
        node, propertyRange(node, 'unknownSource'), { code: IssueCodes.UnknownDataset, text: guess, label: word });
}

/** What each kind of value looks like, by the grammar rule that parses it. */
const FORMS: Record<string, string> = {
    NUMBER: 'a number',
    STRING: 'a quoted path',
    IntChoices: 'a value, a set, a weighted set or a range',
    Bounds: 'a count or a range `lo .. hi`',
    Budget: 'a fraction range `min .. max` or `K channels`',
    PoolKind: '`avg` or `max`',
    StructureChoices: 'a preset, a path list such as `(2, 1)` or a set of them',
    ActivationChoices: 'an activation or a set of them',
    OpRef: 'op family names, optionally weighted',
    Optimizer: '`adam(...)` or `sgd(...)`',
    ScheduleKind: '`cosine`, `cosine to P%` or `constant`',
    Percent: 'a percentage such as `50%`',
    Augmentation: '`crop P`, `flip`, both, or `none`',
    ScoreNorm: '`running`, `batch` or `recalibrate N`',
    DatasetKind: `a dataset (${orList(Object.keys(DATASETS))})`,
};

/** How a knob's value is written, read from the grammar so that it follows the grammar. */
export function knobForm(section: Section, keyword: string): string {
    const rules = SmashGrammar().rules;
    // Space-level knobs have a rule of their own (`UnitDecl`, ...), found by keyword.
    const ruleName = section === 'space' ? undefined : SECTION_RULES[section];
    const candidates = ruleName ? rules.filter((r) => r.name === ruleName) : rules;
    for (const rule of candidates) {
        for (const node of AstUtils.streamAllContents(rule)) {
            if (GrammarAST.isAssignment(node) && GrammarAST.isKeyword(node.terminal) && node.terminal.value === keyword) return 'no value (it is a flag)';
            if (!GrammarAST.isGroup(node)) continue;
            const [first, second] = node.elements;
            if (!GrammarAST.isKeyword(first) || first.value !== keyword) continue;
            if (keyword === 'input') return 'height x width x channels';
            if (GrammarAST.isKeyword(second) && second.value === '[') return 'a list such as `[8, 10, 4]`';
            const called = GrammarAST.isAssignment(second) ? second.terminal : undefined;
            const target = GrammarAST.isCrossReference(called) ? 'OpRef'
                : GrammarAST.isRuleCall(called) ? called.rule.ref?.name : undefined;
            if (target && FORMS[target]) return FORMS[target]!;
        }
    }
    return 'a value';
}

/** A written example of the knob's value: its default when that is literal text, else its first suggestion. */
function exampleOf(section: Section, keyword: string): string | undefined {
    const knob = findKnob(section, keyword);
    if (!knob) return undefined;
    const literal = knob.default !== undefined && !/maxWidth|maxBanks|divisors|as in|\(/.test(knob.default);
    return literal ? knob.default : knob.suggestions?.[0];
}
