/** "Preview space" above the `space` declaration: opens the preview of what the space draws. */
import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import { PREVIEW_COMMAND } from '../shared/protocol.js';
import type { Model } from './generated/ast.js';

export class SmashCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const space = (document.parseResult.value as Model).space;
        const start = space?.$cstNode?.range.start;
        if (!start) return [];
        return [{
            range: { start, end: start },
            command: { title: 'Preview space', command: PREVIEW_COMMAND, arguments: [document.uri.toString()] },
        }];
    }
}
