/**
 * Which section of a space a piece of text belongs to, and which knob of KNOBS a keyword stands
 * for. Hover, completion, semantic tokens and the formatter all answer "what is this word?" here,
 * so that they agree with each other and with smash-knobs.ts.
 */
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isLeafCstNode, type AstNode, type CstNode } from 'langium';
import { isSpace } from './generated/ast.js';
import { findKnob, KNOBS, type Knob, type Section } from './smash-knobs.js';

/** The grammar rule of each section written `keyword { ... }`, in the order the docs describe them. */
export const SECTION_RULES: Readonly<Record<Section, string>> = {
    space: 'Space', data: 'DataSection', stem: 'Stem', block: 'Block', transition: 'Transition', head: 'Head',
    op: 'OpFamily', hypernet: 'HyperNet', train: 'Train', search: 'Search', retrain: 'Retrain',
};

/** The section each of those rules stands for: `SECTION_RULES` read backwards. */
export const SECTION_OF_RULE: Readonly<Record<string, Section>> = Object.fromEntries(
    Object.entries(SECTION_RULES).map(([section, rule]) => [rule, section as Section]));

/** AST types that are a section of their own, or a one-line member of the space. */
const SECTION_OF_TYPE: Readonly<Record<string, Section>> = {
    ...SECTION_OF_RULE,
    InputDecl: 'space', ClassesDecl: 'space', UnitDecl: 'space', MaxWidthDecl: 'space', SliceDecl: 'space',
    SeedDecl: 'space',
};

/** AST types written `keyword { ... }` whose properties are knobs of their section. */
export const BRACED_SECTION_TYPES: ReadonlySet<string> = new Set(Object.values(SECTION_RULES));

/** The sections a space holds at most once, unnamed: all but the space itself, blocks, transitions and op families. */
export const SINGLE_SECTION_TYPES: ReadonlySet<string> = new Set(Object.values(SECTION_RULES)
    .filter((rule) => !['Space', 'Block', 'Transition', 'OpFamily'].includes(rule)));

export function sectionOf(node: AstNode): Section | undefined {
    return SECTION_OF_TYPE[node.$type];
}

/** The keywords that start a property inside a section (`kernel` in `op`, `path` in `data`, ...). */
export function propertyKeywords(section: Section): Set<string> {
    return new Set(KNOBS.filter((k) => k.section === section && k.keyword !== section).map((k) => k.keyword));
}

/** Keywords that open a section or a space member: `block`, `op`, `data`, `unit`, ... */
export function isSectionKeyword(knob: Knob): boolean {
    return knob.keyword === knob.section;
}

/**
 * The knob a keyword leaf belongs to: its own (`kernel` in an op family, `data` in the space), or,
 * for a word inside a value (`of`, `anneal`, `relu`, `adam`, `lr`), the knob whose value it is part of.
 */
export function knobOfKeyword(leaf: CstNode): Knob | undefined {
    if (!GrammarAST.isKeyword(leaf.grammarSource)) return undefined;
    // A word of the language used as a name (`op big`, `ops long`) or as a setting the validator rejects.
    if (NAME_RULES.has(AstUtils.getContainerOfType(leaf.grammarSource, GrammarAST.isParserRule)?.name ?? '')) return undefined;
    const word = leaf.text;
    let property = GrammarUtils.findAssignment(leaf)?.feature;
    let node: AstNode | undefined = leaf.astNode;
    while (node) {
        const section = sectionOf(node);
        if (section) {
            return findKnob(section, word)
                ?? (isSpace(node.$container) ? findKnob('space', word) : undefined)
                ?? (property ? findKnob(section, property) : undefined);
        }
        property = node.$containerProperty;
        node = node.$container;
    }
    return undefined;
}

/** Grammar rules whose keywords are words used as names or catch-all settings, not knobs (smash.langium). */
export const NAME_RULES: ReadonlySet<string> = new Set(['Name', 'SectionWord', 'KnobWord', 'ValueWord', 'UnknownSetting', 'LooseValue', 'LoosePart', 'LooseInner']);

/** The keyword leaf at a document offset, if the offset is inside one. */
export function keywordLeafAt(root: CstNode, offset: number): CstNode | undefined {
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    return leaf && GrammarAST.isKeyword(leaf.grammarSource) && offset < leaf.end ? leaf : undefined;
}

/** The leaves of a node's own text, without those of its child AST nodes. */
export function ownLeaves(node: AstNode): CstNode[] {
    const cst = node.$cstNode;
    if (!cst) return [];
    const leaves: CstNode[] = [];
    const iterator = CstUtils.streamCst(cst).iterator();
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const child = next.value;
        if (child.astNode !== node) iterator.prune();
        else if (isLeafCstNode(child)) leaves.push(child);
    }
    return leaves;
}
