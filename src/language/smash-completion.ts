import { DefaultCompletionProvider } from 'langium/lsp';

export class SmashCompletionProvider extends DefaultCompletionProvider {}
