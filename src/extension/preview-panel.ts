/**
 * "SMASH: Preview Space": what a space draws, beside its editor. The language server samples the
 * open document (smash/sampleSpace); the panel asks again ~300 ms after typing pauses, so a change
 * to `budget`, `bankSize` or `kernel` shows within a second. While the document has errors the
 * page keeps its last good picture and says why. Clicks select the clicked value's text.
 */
import { basename as baseName } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SourceRef } from '../engine/space/space.js';
import {
    SAMPLE_SPACE_REQUEST, type PreviewFromWebview, type PreviewToWebview, type SampleSpaceParams, type SampleSpaceResult,
} from '../shared/protocol.js';
import { panelHtml, webviewOptions } from './panel-support.js';
import { revealSource, type RevealResult } from './reveal.js';

/** Architectures sent whole for the diagrams; the statistics use `smash.preview.draws` draws. */
const SHOWN = 10;
const DEBOUNCE_MS = 300;

export interface PreviewHost {
    readonly extensionUri: vscode.Uri;
    readonly client: LanguageClient;
}

export class PreviewPanel {
    static readonly viewType = 'smash.preview';
    private static readonly panels = new Map<string, PreviewPanel>();

    private readonly disposables: vscode.Disposable[] = [];
    private timer?: ReturnType<typeof setTimeout>;
    /** Undefined until the first answer: the space's own seed. */
    private seed?: number;
    /** The text the picture on screen was drawn from: its source ranges refer to it. */
    private drawnFrom?: string;
    private disposed = false;
    /** Answers in a row from a server that did not have the document open yet. */
    private unopened = 0;

    static get(uri: string): PreviewPanel | undefined {
        return PreviewPanel.panels.get(uri);
    }

    static async show(host: PreviewHost, uri: vscode.Uri): Promise<PreviewPanel> {
        const document = await vscode.workspace.openTextDocument(uri);
        if (document.languageId !== 'smash') throw new Error(`${uri.fsPath || uri.toString()} is not a .smash file`);
        const existing = PreviewPanel.panels.get(document.uri.toString());
        if (existing) {
            existing.panel.reveal(vscode.ViewColumn.Beside, true);
            return existing;
        }
        const panel = vscode.window.createWebviewPanel(PreviewPanel.viewType, `Preview: ${basename(document.uri)}`,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(host.extensionUri));
        return new PreviewPanel(panel, document.uri, host);
    }

    private constructor(readonly panel: vscode.WebviewPanel, readonly uri: vscode.Uri, private readonly host: PreviewHost) {
        PreviewPanel.panels.set(uri.toString(), this);
        panel.webview.html = panelHtml(panel.webview, host.extensionUri, 'preview', `Preview: ${basename(uri)}`);
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage((message: PreviewFromWebview) => this.handleMessage(message)),
            vscode.workspace.onDidChangeTextDocument((e) => {
                if (e.document.uri.toString() === uri.toString() && e.contentChanges.length > 0) this.schedule();
            }),
        );
    }

    async handleMessage(message: PreviewFromWebview): Promise<void> {
        switch (message.type) {
            case 'ready':
                return this.refresh();
            case 'reseed':
                this.seed = (this.seed ?? 0) + 1;
                return this.refresh();
            case 'reveal':
                await this.reveal(message.source, message.label);
        }
    }

    reveal(source: SourceRef, label: string): Promise<RevealResult | undefined> {
        return revealSource(source, label, { text: this.drawnFrom, of: 'this preview was drawn' }, this.panel.viewColumn);
    }

    /** Asks the language server for a fresh sample and posts it, or posts why the old one stays. */
    async refresh(): Promise<void> {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
        if (!document || this.disposed) return;
        const text = document.getText();
        const draws = vscode.workspace.getConfiguration('smash', this.uri).get<number>('preview.draws', 250);
        const params: SampleSpaceParams = { uri: this.uri.toString(), seed: this.seed, count: Math.max(1, draws), show: SHOWN };
        let result: SampleSpaceResult;
        try {
            result = await this.host.client.sendRequest<SampleSpaceResult>(SAMPLE_SPACE_REQUEST, params);
        } catch (error) {
            return this.post({ type: 'stale', file: basename(this.uri), message: `the language server did not answer: ${(error as Error).message}` });
        }
        // The server has not seen the document yet (just opened), or it changed while we waited: ask again.
        if (result.version === -1 && ++this.unopened > 10) {
            return this.post({ type: 'stale', file: basename(this.uri), message: 'the language server has not opened this file' });
        }
        if (result.version === -1 || result.version < document.version) return this.schedule();
        this.unopened = 0;
        if (result.ok) {
            this.seed = result.seed;
            this.drawnFrom = text;
            return this.post({ type: 'sample', file: basename(this.uri), sample: result });
        }
        return this.post({ type: 'stale', file: basename(this.uri), message: result.message });
    }

    dispose(): void {
        if (this.disposed) return;
        this.disposed = true;
        PreviewPanel.panels.delete(this.uri.toString());
        if (this.timer) clearTimeout(this.timer);
        this.panel.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
    }

    private schedule(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
    }

    private async post(message: PreviewToWebview): Promise<void> {
        if (!this.disposed) await this.panel.webview.postMessage(message);
    }
}

/** The command: a URI (string or Uri, from the CodeLens or the editor title), else the active editor's .smash file. */
export async function previewSpace(host: PreviewHost, target: unknown): Promise<PreviewPanel | undefined> {
    const uri = typeof target === 'string' ? vscode.Uri.parse(target)
        : target instanceof vscode.Uri ? target
            : vscode.window.activeTextEditor?.document.languageId === 'smash' ? vscode.window.activeTextEditor.document.uri : undefined;
    if (!uri) {
        void vscode.window.showInformationMessage('SMASH: open a .smash file to preview its space.');
        return undefined;
    }
    return PreviewPanel.show(host, uri);
}

/** The file name a tab shows (`Untitled-1` for an unsaved one). */
function basename(uri: vscode.Uri): string {
    return baseName(uri.fsPath);
}
