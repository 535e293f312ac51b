import { MultilineCommentHoverProvider } from 'langium/lsp';

export class SmashHoverProvider extends MultilineCommentHoverProvider {}
