/**
 * The results panel of one run: the ranked architectures, the rank correlation and a diagram of
 * the selected architecture, whose parts lead back to the .smash text they were sampled from.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SourceRef } from '../engine/space/space.js';
import { RUN_FILES, type ResultsFromWebview, type ResultsToWebview, type RunResults } from '../shared/protocol.js';
import { exportArchitecture } from './export-architecture.js';
import { LivePanel } from './live-panel.js';
import { panelHtml, stateRunDir, webviewOptions, type PanelHost } from './panel-support.js';
import { revealSource, type RevealResult } from './reveal.js';

export class ResultsPanel {
    static readonly viewType = 'smash.results';
    private static readonly panels = new Map<string, ResultsPanel>();

    private readonly disposables: vscode.Disposable[] = [];
    private refreshTimer?: ReturnType<typeof setTimeout>;
    selectedId?: string;

    static all(): ResultsPanel[] {
        return [...ResultsPanel.panels.values()];
    }

    static get(runDir: string): ResultsPanel | undefined {
        return ResultsPanel.panels.get(runDir);
    }

    /** Throws an Error with a user-facing message when the run has no readable results. */
    static async show(host: PanelHost, runDir: string): Promise<ResultsPanel> {
        const results = await readResults(runDir);
        const existing = ResultsPanel.panels.get(runDir);
        if (existing) {
            existing.results = results;
            existing.panel.reveal();
            await existing.postResults();
            return existing;
        }
        // Next to the run's live panel, which it follows on from, rather than in a third column.
        const column = LivePanel.get(runDir)?.panel.viewColumn ?? vscode.ViewColumn.Beside;
        const panel = vscode.window.createWebviewPanel(ResultsPanel.viewType, `SMASH results: ${results.name}`,
            column, webviewOptions(host.extensionUri));
        return new ResultsPanel(panel, runDir, results, host);
    }

    static async revive(host: PanelHost, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const runDir = stateRunDir(state);
        const results = runDir && !ResultsPanel.panels.has(runDir) ? await readResults(runDir).catch(() => undefined) : undefined;
        if (!runDir || !results) {
            panel.dispose();
            return;
        }
        panel.webview.options = webviewOptions(host.extensionUri);
        const revived = new ResultsPanel(panel, runDir, results, host);
        revived.selectedId = (state as { selectedId?: string }).selectedId;
    }

    private constructor(readonly panel: vscode.WebviewPanel, readonly runDir: string, public results: RunResults, host: PanelHost) {
        ResultsPanel.panels.set(runDir, this);
        panel.webview.html = panelHtml(panel.webview, host.extensionUri, 'results', `SMASH results: ${results.name}`);
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage((message: ResultsFromWebview) => this.handleMessage(message)),
            vscode.workspace.onDidChangeTextDocument((e) => {
                if (e.document.uri.fsPath === this.results.spaceFile) this.scheduleRefresh();
            }),
        );
    }

    async handleMessage(message: ResultsFromWebview): Promise<void> {
        switch (message.type) {
            case 'ready':
                await this.postResults();
                break;
            case 'select':
                this.selectedId = message.id;
                break;
            case 'reveal':
                await this.reveal(message.source, message.label);
                break;
            case 'export': {
                const ranked = this.results.architectures.find((a) => a.id === message.id);
                const summary = ranked && await exportArchitecture(this.results, ranked, this.runDir, message.format);
                if (summary) await this.panel.webview.postMessage({ type: 'exported', id: message.id, summary } satisfies ResultsToWebview);
                break;
            }
        }
    }

    async reveal(source: SourceRef, label: string): Promise<RevealResult | undefined> {
        const text = await readFile(join(this.runDir, RUN_FILES.spaceSnapshot), 'utf8').catch(() => undefined);
        return revealSource(source, label, { text, of: 'this run' }, this.panel.viewColumn);
    }

    /** Whether the .smash file (its editor text if open) differs from the run's snapshot of it. */
    async fileChanged(): Promise<boolean> {
        const snapshot = await readFile(join(this.runDir, RUN_FILES.spaceSnapshot), 'utf8').catch(() => undefined);
        if (snapshot === undefined) return false;
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === this.results.spaceFile);
        const current = open ? open.getText() : await readFile(this.results.spaceFile, 'utf8').catch(() => undefined);
        return current !== snapshot;
    }

    dispose(): void {
        ResultsPanel.panels.delete(this.runDir);
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        this.panel.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
    }

    private async postResults(): Promise<void> {
        const message: ResultsToWebview = {
            type: 'results', results: this.results, runDir: this.runDir, fileChanged: await this.fileChanged(), selectedId: this.selectedId,
        };
        await this.panel.webview.postMessage(message);
    }

    /** Typing in the .smash file flips the "file changed" note; once the typing pauses is soon enough. */
    private scheduleRefresh(): void {
        if (this.refreshTimer) clearTimeout(this.refreshTimer);
        this.refreshTimer = setTimeout(() => void this.postResults(), 500);
    }
}

export async function readResults(runDir: string): Promise<RunResults> {
    const path = join(runDir, RUN_FILES.results);
    let text: string;
    try {
        text = await readFile(path, 'utf8');
    } catch {
        throw new Error(`${runDir} has no results yet (${RUN_FILES.results} is written when a search ends)`);
    }
    try {
        const results = JSON.parse(text) as RunResults;
        if (!Array.isArray(results.architectures)) throw new Error('it has no "architectures" list');
        return results;
    } catch (error) {
        throw new Error(`${path} is not a readable results file: ${(error as Error).message}`);
    }
}
