/**
 * The outline of a .smash file: the space, and in it every block, transition, op family and section,
 * each with a kind that tells them apart. Langium's default lists only named nodes, which would
 * leave out transitions and the unnamed sections (data, stem, hypernet, train, search, retrain).
 */
import type { AstNode, AstNodeDescription, LangiumDocument } from 'langium';
import { DefaultDocumentSymbolProvider, DefaultNodeKindProvider } from 'langium/lsp';
import { CompletionItemKind, SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver';
import {
    isBlock, isDataSection, isInputDecl, isModel, isOpFamily, isSpace, isTransition, type Member, type Space,
} from './generated/ast.js';
import { ownLeaves, SINGLE_SECTION_TYPES } from './smash-sections.js';

const SYMBOL_KINDS: Readonly<Record<string, SymbolKind>> = {
    Space: SymbolKind.Namespace, Block: SymbolKind.Class, OpFamily: SymbolKind.Function, Transition: SymbolKind.Operator,
};

const COMPLETION_KINDS: Readonly<Record<string, CompletionItemKind>> = {
    Space: CompletionItemKind.Module, Block: CompletionItemKind.Class, OpFamily: CompletionItemKind.Function,
};

/** Symbol and completion kinds of the named and unnamed parts of a space. */
export class SmashNodeKindProvider extends DefaultNodeKindProvider {
    override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
        return SYMBOL_KINDS[typeOf(node)] ?? (isSection(typeOf(node)) ? SymbolKind.Object : SymbolKind.Property);
    }

    override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
        return COMPLETION_KINDS[typeOf(node)] ?? CompletionItemKind.Reference;
    }
}

function typeOf(node: AstNode | AstNodeDescription): string {
    return '$type' in node ? node.$type : node.type;
}

function isSection(type: string): boolean {
    return SINGLE_SECTION_TYPES.has(type);
}

export class SmashDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    private readonly kinds = new SmashNodeKindProvider();

    override getSymbols(document: LangiumDocument, _params: DocumentSymbolParams): DocumentSymbol[] {
        const root = document.parseResult.value;
        const space = isModel(root) ? root.space : undefined;
        const symbol = space && this.memberSymbol(space, space);
        return symbol ? [symbol] : [];
    }

    private memberSymbol(node: Space | Member, space: Space): DocumentSymbol | undefined {
        const cst = node.$cstNode;
        const keyword = ownLeaves(node).find((leaf) => !leaf.hidden);
        if (!cst || !keyword) return undefined;
        const nameNode = this.nameProvider.getNameNode(node);
        const symbol: DocumentSymbol = {
            name: nameNode?.text ?? keyword.text,
            detail: this.detail(node, space),
            kind: this.kinds.getSymbolKind(node),
            range: cst.range,
            selectionRange: (nameNode ?? keyword).range,
        };
        if (isSpace(node)) {
            symbol.children = node.members.map((m) => this.memberSymbol(m, space)).filter((s) => s !== undefined);
        }
        return symbol;
    }

    /** What a member is, where its name alone does not say: `op`, `b1 → b2`, the value of `unit`. */
    private detail(node: Space | Member, space: Space): string | undefined {
        if (isSpace(node)) return 'space';
        if (isBlock(node)) return 'block';
        if (isOpFamily(node)) return 'op';
        if (isDataSection(node)) return node.source;
        if (isInputDecl(node)) return `${node.height} x ${node.width} x ${node.channels}`;
        if (isTransition(node)) {
            const blocks = space.members.filter(isBlock);
            const before = space.members.slice(0, space.members.indexOf(node)).filter(isBlock).length;
            return `${blocks[before - 1]?.name ?? '?'} → ${blocks[before]?.name ?? '?'}`;
        }
        const value = (node as { value?: unknown }).value;
        return typeof value === 'number' ? String(value) : undefined;
    }
}
