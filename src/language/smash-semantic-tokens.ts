/**
 * Semantic tokens: what each word of a .smash file is, beyond what the TextMate grammar can see —
 * which names declare or reference an op family, block or space, which keywords are knobs and
 * which are values (`relu`, `avg`, `cosine`, `cifar10`, `adam`).
 */
import { AstUtils, GrammarAST, GrammarUtils, type AstNode, type CstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import { isBlock, isOpFamily, isOpRef, isSpace, isUnknownSetting } from './generated/ast.js';
import { isSectionKeyword, knobOfKeyword, ownLeaves } from './smash-sections.js';

export class SmashSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        for (const leaf of ownLeaves(node)) {
            if (leaf.hidden) continue;
            const token = classify(node, leaf);
            if (token) acceptor({ cst: leaf, ...token });
        }
    }
}

interface Token {
    type: string;
    modifier?: string;
}

const NAME_TYPES: ReadonlyArray<[(node: unknown) => boolean, string]> = [
    [isSpace, SemanticTokenTypes.namespace],
    [isBlock, SemanticTokenTypes.class],
    [isOpFamily, SemanticTokenTypes.function],
];

function classify(node: AstNode, leaf: CstNode): Token | undefined {
    const source = leaf.grammarSource;
    // Names first: a name may be a word of the language (`op big`).
    const assignment = GrammarUtils.findAssignment(leaf);
    if (assignment?.feature === 'name' && !isUnknownSetting(node)) {
        const type = NAME_TYPES.find(([is]) => is(node))?.[1];
        return type ? { type, modifier: SemanticTokenModifiers.declaration } : undefined;
    }
    if (isOpRef(node) && assignment?.feature === 'op') return { type: SemanticTokenTypes.function };
    if (GrammarAST.isKeyword(source)) return classifyKeyword(leaf);
    if (GrammarAST.isRuleCall(source) || GrammarAST.isCrossReference(source)) {
        const rule = GrammarAST.isRuleCall(source) ? source.rule.ref?.name : undefined;
        if (rule === 'NUMBER') return { type: SemanticTokenTypes.number };
        if (rule === 'STRING') return { type: SemanticTokenTypes.string };
    }
    return undefined;
}

function classifyKeyword(leaf: CstNode): Token | undefined {
    if (!/^[a-z]/i.test(leaf.text)) return undefined;
    const knob = knobOfKeyword(leaf);
    if (knob && knob.keyword === leaf.text) {
        return { type: isSectionKeyword(knob) ? SemanticTokenTypes.keyword : SemanticTokenTypes.property };
    }
    return { type: isValueKeyword(leaf.grammarSource as GrammarAST.Keyword) ? SemanticTokenTypes.enumMember : SemanticTokenTypes.keyword };
}

/** A word that is itself a value (`pool avg`, `fn=relu`, `kind='adam'`) rather than structure (`of`, `x`, `anneal`). */
function isValueKeyword(keyword: GrammarAST.Keyword): boolean {
    const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
    return AstUtils.getContainerOfType(keyword, GrammarAST.isAssignment) !== undefined
        || (rule !== undefined && GrammarUtils.isDataTypeRule(rule));
}
