/**
 * Completion: Langium's keywords and op family names, plus the legal values of the knob at the
 * cursor (with the knob's documentation) and snippets that write a whole section with defaults.
 */
import { AstUtils, GrammarAST, type AstNode, type AstNodeDescription, type MaybePromise, type ReferenceInfo } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionProviderOptions,
    type CompletionValueItem, type NextFeature,
} from 'langium/lsp';
import { CompletionItemKind, InsertTextFormat, type MarkupContent } from 'vscode-languageserver';
import { isModel, isOpFamily } from './generated/ast.js';
import { valueSlotAt, type ValueSlot } from './smash-completion-slot.js';
import { sectionSnippet, snippetPreview, completionFacts, valuesFor, type CompletionFacts } from './smash-completion-values.js';
import { knobMarkdown } from './smash-hover-content.js';
import { NAME_RULES, SECTION_OF_RULE } from './smash-sections.js';
import { SmashNodeKindProvider } from './smash-symbols.js';

interface ContextInfo {
    slot?: ValueSlot;
    values: string[];
    facts: CompletionFacts;
}

export class SmashCompletionProvider extends DefaultCompletionProvider {
    /** Typing `{` or `,` inside a value set or list asks for the next value without Ctrl+Space. */
    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['{', ','] };
    private readonly kinds = new SmashNodeKindProvider();
    private readonly infos = new WeakMap<CompletionContext, ContextInfo>();

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        if (!this.infos.has(context)) this.offerValues(context, acceptor);
        return super.completionFor(context, next, acceptor);
    }

    /** Called once per context, before its features: the values of the knob being written. */
    private offerValues(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const info = this.contextInfo(context);
        const { slot, values } = info;
        if (!slot) return;
        if (slot.knob.keyword === 'ops') this.offerFamilies(context, acceptor);
        const documentation: MarkupContent = { kind: 'markdown', value: knobMarkdown(slot.knob) };
        values.forEach((value, i) => acceptor(context, {
            label: value,
            kind: /^[a-z]/i.test(value) ? CompletionItemKind.EnumMember : CompletionItemKind.Value,
            detail: value === slot.knob.default ? `${slot.knob.keyword} (default)` : slot.knob.keyword,
            documentation,
            sortText: `0${String(i).padStart(3, '0')}`,
        }));
    }

    /**
     * The op families of the space after `ops` or its `,`. Langium's reference completion cannot be
     * relied on there: while the list is still empty the text also reads as the catch-all setting.
     */
    private offerFamilies(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const root = context.document.parseResult.value;
        const families = isModel(root) ? root.space?.members.filter(isOpFamily) ?? [] : [];
        for (const family of families) {
            if (!family.name) continue;
            const doc = this.documentationProvider.getDocumentation(family);
            acceptor(context, {
                label: family.name,
                kind: this.kinds.getCompletionItemKind(family),
                documentation: doc ? { kind: 'markdown', value: doc } : undefined,
            });
        }
    }

    private contextInfo(context: CompletionContext): ContextInfo {
        const cached = this.infos.get(context);
        if (cached) return cached;
        const root = context.document.parseResult.value;
        const facts = completionFacts(isModel(root) ? root.space : undefined);
        const text = context.textDocument.getText();
        const before = this.lexer.tokenize(text).tokens.filter((t) => (t.endOffset ?? t.startOffset) < context.tokenOffset);
        // Right after `{` or `,` Langium first tries to complete that token itself; values belong after it.
        const typed = text.slice(context.tokenOffset, context.offset);
        const slot = typed === '' || /^[\w.]/.test(typed) ? valueSlotAt(before) : undefined;
        const info = { slot, values: slot ? valuesFor(slot, facts) : [], facts };
        this.infos.set(context, info);
        return info;
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name ?? '';
        // Names and the catch-all setting accept every word of the language; none is a suggestion there.
        if (NAME_RULES.has(rule)) return;
        const info = this.contextInfo(context);
        // A value word offered above with the knob's documentation need not come again as a bare keyword.
        if (info.values.includes(keyword.value)) return;
        // Where a value is due, the next setting is not (the catch-all would otherwise let `pool |` go on to one).
        if (info.slot && (isFirstInGroup(keyword) || isFlag(keyword))) return;
        // The rule whose first keyword a snippet replaces: `block` only at the start of a Block, not inside one.
        const section = SECTION_OF_RULE[rule];
        if (section && isFirstKeyword(keyword)) {
            const snippet = sectionSnippet(section, info.facts);
            if (snippet) {
                acceptor(context, {
                    label: snippet.keyword,
                    labelDetails: { description: `new ${section} section` },
                    kind: CompletionItemKind.Snippet,
                    detail: 'Snippet',
                    insertText: snippet.body,
                    insertTextFormat: InsertTextFormat.Snippet,
                    documentation: { kind: 'markdown', value: '```smash\n' + snippetPreview(snippet.body) + '\n```' },
                    sortText: '2',
                });
            }
        }
        return super.completionForKeyword(context, keyword, acceptor);
    }

    protected override createReferenceCompletionItem(
        description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext,
    ): CompletionValueItem {
        return { ...super.createReferenceCompletionItem(description, refInfo, context), kind: this.kinds.getCompletionItemKind(description) };
    }
}

/** Whether the keyword is the first token of its rule (`'block' name=Name '{' ...`). */
function isFirstKeyword(keyword: GrammarAST.Keyword): boolean {
    return isFirstInGroup(keyword) && GrammarAST.isParserRule(keyword.$container.$container);
}

/** A flag knob: `legacyEncoding?='legacyEncoding'`. */
function isFlag(keyword: GrammarAST.Keyword): boolean {
    const assignment: AstNode | undefined = keyword.$container;
    return GrammarAST.isAssignment(assignment) && assignment.operator === '?=';
}

/** Whether the keyword starts a sequence: a setting (`'kernel' kernel=...`) or a section. */
function isFirstInGroup(keyword: GrammarAST.Keyword): boolean {
    const group: AstNode | undefined = keyword.$container;
    return GrammarAST.isGroup(group) && group.elements[0] === keyword;
}
