import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import type { AstNode } from 'langium';

export class SmashSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(_node: AstNode, _acceptor: SemanticTokenAcceptor): void {}
}
