/** The language client: the Langium server in its own Node process, over IPC. */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function createLanguageClient(extensionUri: vscode.Uri, output: vscode.LogOutputChannel): LanguageClient {
    const module = vscode.Uri.joinPath(extensionUri, 'out', 'language', 'main.cjs').fsPath;
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        // Attach a debugger to the server on port 6009 when the extension runs in debug mode.
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'smash', scheme: 'file' }, { language: 'smash', scheme: 'untitled' }],
        outputChannel: output,
    };
    return new LanguageClient('smash', 'SMASH Language Server', serverOptions, clientOptions);
}
