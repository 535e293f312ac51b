import type { AstNode } from 'langium';
import { AbstractFormatter } from 'langium/lsp';

export class SmashFormatter extends AbstractFormatter {
    protected format(_node: AstNode): void {}
}
