/**
 * Rules on the shape of a file: a space with at least one block, exactly one transition between
 * two blocks, no section, property, name or op reference written twice. A knob written twice is an
 * error everywhere, in the same words (`writtenTwice`): Langium keeps the last of two assignments to
 * the same property and the compiler reads the first section, so neither could be "the one that counts".
 * Duplicates are found from the CST keywords.
 */
import { AstUtils, type AstNode, type CstNode } from 'langium';
import {
    isBlock, isOptimizer, isTransition,
    type Block, type Model, type OpFamily, type Space,
} from './generated/ast.js';
import { IssueCodes } from './smash-issue-codes.js';
import { KNOBS, type Section } from './smash-knobs.js';
import { placeOf, writtenTwice } from './smash-names.js';
import { SECTION_OF_RULE, SINGLE_SECTION_TYPES } from './smash-sections.js';
import type { SpaceFacts } from './smash-validator-facts.js';
import { isKeywordPart, listItemRemoval, ownParts, propertyRange, rangeOf, spanAfter, type Reporter } from './smash-validator-util.js';

export function checkModel(model: Model, report: Reporter): void {
    if (model.space) return;
    report.error('The file declares no search space: write `space Name { ... }` with the data, blocks and op families to search.',
        model, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { code: IssueCodes.MissingSpace });
}

export function checkSkeleton(facts: SpaceFacts, report: Reporter): void {
    const { space } = facts;
    if (facts.blocks.length === 0) {
        report.error(`Space ${space.name ?? ''} has no block: a network needs at least one \`block name { ... }\` for its ops to run in.`,
            space, propertyRange(space, 'name'), { code: IssueCodes.MissingBlock });
        return;
    }
    const sequence = space.members.filter((m) => isBlock(m) || isTransition(m));
    let previous: Block | undefined;
    let between = 0;
    for (const m of sequence) {
        if (isTransition(m)) {
            between++;
            const where = !previous ? 'before the first block' : between > 1 ? `after another transition (after block ${previous.name})` : undefined;
            if (where) extraTransition(m, where, report);
            continue;
        }
        if (!isBlock(m)) continue;
        if (previous && between === 0) missingTransition(facts, previous, m, report);
        previous = m;
        between = 0;
    }
    if (between > 0) {
        const trailing = sequence.slice(-between);
        for (const t of trailing) extraTransition(t, `after the last block ${previous!.name}`, report);
    }
}

function extraTransition(node: AstNode, where: string, report: Reporter): void {
    report.error(`This transition comes ${where}: a transition sits between two blocks (block, transition, block, ...), one fewer than blocks.`,
        node, rangeOf(node), { code: IssueCodes.ExtraTransition });
}

function missingTransition(facts: SpaceFacts, before: Block, block: Block, report: Reporter): void {
    const width = facts.blocks.find((b) => b.node === before)?.input ?? facts.stemWidth ?? facts.maxWidth;
    const start = block.$cstNode?.range.start;
    const lineStart = start ? AstUtils.getDocument(block).textDocument.getText({ start: { line: start.line, character: 0 }, end: start }) : '';
    const text = `transition { width ${width ?? 'W'} pool avg }${lineStart.trim() === '' ? `\n${lineStart}` : ' '}`;
    report.error(`No transition between block ${before.name} and block ${block.name}: every block after the first needs a \`transition { width W }\` before it, which sets its input channels and halves the resolution.`,
        block, propertyRange(block, 'name'),
        { code: IssueCodes.MissingTransition, insert: start ? { position: start, text } : undefined, label: String(width ?? '') });
}

/** Sections that may appear once; blocks, transitions and op families may repeat. */
const SINGLE_SECTIONS = new Set<string>([
    'InputDecl', 'ClassesDecl', 'UnitDecl', 'MaxWidthDecl', 'SliceDecl', 'SeedDecl', ...SINGLE_SECTION_TYPES,
]);

export function checkDuplicateSections(space: Space, report: Reporter): void {
    const seen = new Set<string>();
    space.members.forEach((m, i) => {
        if (!SINGLE_SECTIONS.has(m.$type)) return;
        if (!seen.has(m.$type)) {
            seen.add(m.$type);
            return;
        }
        const keyword = ownParts(m)[0];
        const previous = space.members[i - 1]?.$cstNode;
        const label = keyword?.text ?? m.$type;
        report.error(writtenTwice(label, placeOf(space)),
            m, keyword?.range ?? rangeOf(m),
            { code: IssueCodes.DuplicateSection, label, remove: m.$cstNode ? spanAfter(previous, m.$cstNode, m.$cstNode) : undefined });
    });
}

const PROPERTY_KEYWORDS = new Map<Section, ReadonlySet<string>>();
for (const knob of KNOBS) {
    if (knob.keyword === knob.section) continue;
    const set = (PROPERTY_KEYWORDS.get(knob.section) ?? new Set<string>()) as Set<string>;
    set.add(knob.keyword);
    PROPERTY_KEYWORDS.set(knob.section, set);
}

/** A property written twice in one section: the parser keeps the last value silently. */
export function checkDuplicateProperties(node: AstNode, report: Reporter): void {
    // The space's own tokens are its keyword, name and braces; its knobs are members of their own.
    const section = node.$type === 'Space' ? undefined : SECTION_OF_RULE[node.$type];
    const keywords = section && PROPERTY_KEYWORDS.get(section);
    if (!keywords) return;
    const parts = ownParts(node);
    const seen = new Set<string>();
    parts.forEach((part, i) => {
        if (!isKeywordPart(part, keywords)) return;
        if (!seen.has(part.text)) {
            seen.add(part.text);
            return;
        }
        let end = i;
        while (end + 1 < parts.length && !isKeywordPart(parts[end + 1]!, keywords) && parts[end + 1]!.text !== '}') end++;
        report.error(writtenTwice(part.text, placeOf(node)),
            node, part.range,
            { code: IssueCodes.DuplicateProperty, label: part.text, remove: spanAfter(parts[i - 1], part, parts[end]!) });
    });
}

/** `lr` or `momentum` twice in one optimizer. */
export function checkOptimizerParams(node: AstNode, report: Reporter): void {
    if (!isOptimizer(node)) return;
    const seen = new Set<string>();
    const items: (CstNode | undefined)[] = node.params.map((p) => p.$cstNode);
    node.params.forEach((param, i) => {
        if (!seen.has(param.$type)) {
            seen.add(param.$type);
            return;
        }
        const label = ownParts(param)[0]?.text ?? param.$type;
        report.error(writtenTwice(label, `\`${node.kind}(...)\``),
            param, rangeOf(param), { code: IssueCodes.DuplicateProperty, label, remove: listItemRemoval(items, i) });
    });
}

export function checkNames(space: Space, report: Reporter): void {
    const byKind = new Map<string, Map<string, AstNode>>();
    for (const m of space.members) {
        if (m.$type !== 'Block' && m.$type !== 'OpFamily') continue;
        const name = (m as Block | OpFamily).name;
        if (!name) continue;
        const names = byKind.get(m.$type) ?? new Map<string, AstNode>();
        byKind.set(m.$type, names);
        if (!names.has(name)) {
            names.set(name, m);
            continue;
        }
        const kind = m.$type === 'Block' ? 'block' : 'op family';
        const first = rangeOf(names.get(name)).start.line + 1;
        report.error(`There is already ${kind === 'block' ? 'a block' : 'an op family'} named ${name} (line ${first}): names of ${kind === 'block' ? 'blocks' : 'op families'} must be unique so that ranked architectures and \`ops\` lists can name them.`,
            m, propertyRange(m, 'name'), { code: IssueCodes.DuplicateName });
    }
}

export function checkOpRefs(block: Block, report: Reporter): void {
    const opsKeyword = block.ops.length === 0 ? ownParts(block).find((p) => isKeywordPart(p, OPS)) : undefined;
    if (opsKeyword) {
        report.error(`\`ops\` in ${placeOf(block)} needs a value: op family names, optionally weighted (e.g. \`basic: 0.7, wide: 0.3\`)`,
            block, opsKeyword.range, { code: IssueCodes.BadValue });
    }
    const seen = new Set<string>();
    const items = block.ops.map((r) => r.$cstNode);
    block.ops.forEach((ref, i) => {
        const name = ref.op?.$refText;
        if (!name) return;
        if (!seen.has(name)) {
            seen.add(name);
            return;
        }
        report.error(`Block ${block.name} lists op family ${name} twice: each family appears once in \`ops\`; give it a larger weight to draw it more often.`,
            ref, rangeOf(ref), { code: IssueCodes.DuplicateOpRef, label: name, remove: listItemRemoval(items, i) });
    });
}

const OPS: ReadonlySet<string> = new Set(['ops']);

export function checkUnusedFamilies(facts: SpaceFacts, report: Reporter): void {
    for (const [family, blocks] of facts.users) {
        if (blocks.length > 0 || facts.blocks.length === 0) continue;
        report.warning(`Op family ${family.name} is not in the \`ops\` of any block, so it is never drawn.`,
            family, propertyRange(family, 'name'), { code: IssueCodes.UnusedOp });
    }
}
