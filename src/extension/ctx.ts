/**
 * Everything the extension owns for the life of a window, disposed in reverse order on
 * deactivation: the output channel, the language client, the running searches and the panels.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './client.js';
import { RunManager } from './run-manager.js';

export class Ctx {
    readonly output: vscode.OutputChannel;
    readonly runs: RunManager;
    readonly client: LanguageClient;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(readonly extension: vscode.ExtensionContext) {
        this.output = this.push(vscode.window.createOutputChannel('SMASH'));
        this.runs = this.push(new RunManager(this.output));
        this.client = createLanguageClient(extension.extensionUri, this.push(vscode.window.createOutputChannel('SMASH Language Server', { log: true })));
    }

    get extensionUri(): vscode.Uri {
        return this.extension.extensionUri;
    }

    /** out/cli/main.cjs: the engine, run as a separate Node process. */
    get cliPath(): string {
        return vscode.Uri.joinPath(this.extensionUri, 'out', 'cli', 'main.cjs').fsPath;
    }

    push<T extends vscode.Disposable>(disposable: T): T {
        this.disposables.push(disposable);
        return disposable;
    }

    /** The client stops first: it still logs to its channel while shutting the server down. */
    async dispose(): Promise<void> {
        try {
            if (this.client.isRunning()) await this.client.stop();
        } finally {
            for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
        }
    }
}
