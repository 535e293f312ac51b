/**
 * The canonical layout of a .smash file (docs/language.md, "Formatting"):
 * - every member of the space on its own line, indented by one level, at most one blank line between;
 * - a section written on one line (`stem { kernel 3 width 16 }`) stays on one line, with single spaces;
 *   a section spread over several lines gets one property per line, indented one level deeper;
 * - `,` `:` `%` `)` `]` hug the text before them, `(` `[` and the `{` of a value set the text after them.
 * The gap before each token depends only on the token, its neighbour and whether its section is written on
 * one line, which formatting never changes, so format(format(x)) == format(x).
 */
import { AstUtils, CstUtils, GrammarAST, type AstNode, type CstNode } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction } from 'langium/lsp';
import { isModel, isOptimizer, isSpace, isUnknownSetting } from './generated/ast.js';
import { BRACED_SECTION_TYPES, ownLeaves, propertyKeywords, sectionOf } from './smash-sections.js';

interface SectionLayout {
    node: AstNode;
    depth: number;
    multiLine: boolean;
    open?: CstNode;
    close?: CstNode;
}

const HUG_BEFORE = new Set([',', ':', '%', ')', ']']);
const HUG_AFTER = new Set(['(', '[']);

export class SmashFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (!isModel(node) || !node.$cstNode) return;
        // A setting the grammar's catch-all took in is a syntax problem too: like a parse error, it leaves the text alone.
        if (AstUtils.streamAst(node).some(isUnknownSetting)) return;
        const sections = layoutSections(node);
        const lineItems = collectLineItems(sections);
        let previous: CstNode | undefined;
        for (const leaf of CstUtils.flattenCst(node.$cstNode)) {
            const layout = sections.get(leaf.astNode) ?? enclosingSection(leaf.astNode, sections);
            if (leaf.hidden) {
                if (layout) this.place(leaf, lines(isBetweenBraces(leaf, layout) ? layout.depth + 1 : layout.depth));
                continue;
            }
            if (previous) this.place(leaf, this.gapBefore(leaf, previous, sections, lineItems));
            previous = leaf;
        }
    }

    private gapBefore(
        leaf: CstNode, previous: CstNode, sections: Map<AstNode, SectionLayout>, lineItems: Map<number, SectionLayout>,
    ): FormattingAction {
        const item = lineItems.get(leaf.offset);
        if (item) return item.multiLine ? lines(item.depth + 1, true) : Formatting.oneSpace();
        const own = sections.get(leaf.astNode);
        if (own && leaf === own.close) return own.multiLine ? lines(own.depth) : Formatting.oneSpace();
        if (own && leaf === own.open) return Formatting.oneSpace();
        if (isKeyword(leaf) && (HUG_BEFORE.has(leaf.text) || leaf.text === '}')) return Formatting.noSpace();
        if (isKeyword(leaf) && leaf.text === '(' && isOptimizer(leaf.astNode)) return Formatting.noSpace();
        if (isKeyword(previous) && (HUG_AFTER.has(previous.text) || (previous.text === '{' && !sections.has(previous.astNode)))) {
            return Formatting.noSpace();
        }
        return Formatting.oneSpace();
    }

    private place(leaf: CstNode, action: FormattingAction): void {
        this.getNodeFormatter(leaf.astNode).cst([leaf]).prepend(action);
    }
}

/** A line break (one blank line kept if `keepBlank`) followed by `depth` levels of indentation. */
function lines(depth: number, keepBlank = false): FormattingAction {
    const moves = keepBlank ? [{ tabs: depth, lines: 1 }, { tabs: depth, lines: 2 }] : [{ tabs: depth, lines: 1 }];
    return { options: {}, moves };
}

function isKeyword(leaf: CstNode): boolean {
    return GrammarAST.isKeyword(leaf.grammarSource);
}

function layoutSections(root: AstNode): Map<AstNode, SectionLayout> {
    const sections = new Map<AstNode, SectionLayout>();
    const visit = (node: AstNode, depth: number): void => {
        if (!BRACED_SECTION_TYPES.has(node.$type)) return;
        const leaves = ownLeaves(node).filter(isKeyword);
        const open = leaves.find((l) => l.text === '{');
        const close = [...leaves].reverse().find((l) => l.text === '}');
        const multiLine = isSpace(node) || (open !== undefined && close !== undefined && open.range.start.line !== close.range.start.line);
        sections.set(node, { node, depth, multiLine, open, close });
        if (isSpace(node)) node.members.forEach((m) => visit(m, depth + 1));
    };
    if (isModel(root) && root.space) visit(root.space, 0);
    return sections;
}

/** Offsets of the tokens that start a line in a multi-line section: members of the space, property keywords. */
function collectLineItems(sections: Map<AstNode, SectionLayout>): Map<number, SectionLayout> {
    const items = new Map<number, SectionLayout>();
    for (const layout of sections.values()) {
        const { node } = layout;
        if (isSpace(node)) {
            for (const member of node.members) {
                const first = member.$cstNode && CstUtils.flattenCst(member.$cstNode).find((l) => !l.hidden);
                if (first) items.set(first.offset, layout);
            }
            continue;
        }
        const keywords = propertyKeywords(sectionOf(node)!);
        for (const leaf of ownLeaves(node)) {
            if (isKeyword(leaf) && keywords.has(leaf.text) && isBetweenBraces(leaf, layout)) items.set(leaf.offset, layout);
        }
    }
    return items;
}

function isBetweenBraces(leaf: CstNode, layout: SectionLayout): boolean {
    return layout.open !== undefined && leaf.offset > layout.open.offset && (!layout.close || leaf.offset < layout.close.offset);
}

function enclosingSection(node: AstNode | undefined, sections: Map<AstNode, SectionLayout>): SectionLayout | undefined {
    for (let n = node; n; n = n.$container) {
        const layout = sections.get(n);
        if (layout) return layout;
    }
    return undefined;
}
