/**
 * The live panel of one run: follows the run's events.jsonl itself (so it works for runs started
 * by this window, by another, or by the CLI in a terminal) and replays the whole history whenever
 * its webview (re)loads. One panel per run directory.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES, type LiveFromWebview, type LiveToWebview, type RunEvent } from '../shared/protocol.js';
import { ThinnedLog } from '../webview/common/thin.js';
import { panelHtml, runIdentity, stateRunDir, webviewOptions, type PanelHost } from './panel-support.js';
import { RunFollower } from './run-follower.js';

/** Train steps kept for a replay; the rest of the events are kept whole. */
const REPLAY_STEPS = 4000;

export class LivePanel {
    static readonly viewType = 'smash.live';
    private static readonly panels = new Map<string, LivePanel>();

    private readonly history = new ThinnedLog<RunEvent>(REPLAY_STEPS, (e) => e.type === 'train-step');
    /** The newest event if it is a train step, kept even when thinning skipped it: the panel shows its rates. */
    private latestStep?: RunEvent;
    private readonly follower: RunFollower;
    private readonly disposables: vscode.Disposable[] = [];
    private ready = false;
    private name: string;
    /** What the page was last told about the engine, so that progress does not repeat it. */
    private engineRunning?: boolean;

    static all(): LivePanel[] {
        return [...LivePanel.panels.values()];
    }

    static get(runDir: string): LivePanel | undefined {
        return LivePanel.panels.get(runDir);
    }

    static async show(host: PanelHost, runDir: string, preserveFocus = false): Promise<LivePanel> {
        const existing = LivePanel.panels.get(runDir);
        if (existing) {
            existing.panel.reveal(undefined, preserveFocus);
            return existing;
        }
        const { name } = await runIdentity(runDir);
        const opened = LivePanel.panels.get(runDir);
        if (opened) return opened;
        const panel = vscode.window.createWebviewPanel(LivePanel.viewType, `SMASH: ${name}`,
            { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(host.extensionUri));
        return new LivePanel(panel, runDir, name, host);
    }

    /** From the serializer after a reload; a state without a run closes the panel. */
    static async revive(host: PanelHost, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const runDir = stateRunDir(state);
        const name = runDir && (await runIdentity(runDir)).name;
        if (!runDir || !name || LivePanel.panels.has(runDir)) {
            panel.dispose();
            return;
        }
        panel.webview.options = webviewOptions(host.extensionUri);
        new LivePanel(panel, runDir, name, host);
    }

    private constructor(readonly panel: vscode.WebviewPanel, readonly runDir: string, name: string, private readonly host: PanelHost) {
        this.name = name;
        LivePanel.panels.set(runDir, this);
        panel.webview.html = panelHtml(panel.webview, host.extensionUri, 'live', `SMASH: ${name}`);
        this.follower = new RunFollower(join(runDir, RUN_FILES.events), {
            events: (events) => this.add(events),
            reset: () => {
                this.history.clear();
                this.latestStep = undefined;
                if (this.ready) void this.replay();
            },
        });
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage((message: LiveFromWebview) => this.handleMessage(message)),
            host.runs.onDidChange((dir) => {
                if (dir === runDir && host.runs.isRunning(dir) !== this.engineRunning) this.postEngineState();
            }),
        );
        this.follower.start();
    }

    async handleMessage(message: LiveFromWebview): Promise<void> {
        switch (message.type) {
            case 'ready':
                await this.replay();
                break;
            case 'stop':
                this.host.runs.stop(this.runDir);
                break;
            case 'showResults':
                await vscode.commands.executeCommand('smash.showResults', this.runDir);
                break;
        }
    }

    /** Reads what the engine appended since the last read; for tests that must not wait for the poll. */
    refresh(): Promise<void> {
        return this.follower.poll();
    }

    dispose(): void {
        LivePanel.panels.delete(this.runDir);
        this.follower.dispose();
        this.panel.dispose();
        for (const d of this.disposables.splice(0)) d.dispose();
    }

    private add(events: RunEvent[]): void {
        for (const event of events) {
            if (event.type === 'run-start' && event.manifest.name !== this.name) {
                this.name = event.manifest.name;
                this.panel.title = `SMASH: ${this.name}`;
            }
            this.latestStep = event.type === 'train-step' ? event : undefined;
            this.history.push(event);
        }
        this.post({ type: 'events', events });
    }

    /**
     * Sends the whole history to a page that has just loaded. Streaming pauses until the history
     * is out; events read meanwhile join the history, and the snapshot and the resumed streaming
     * happen in one synchronous stretch, so no event is sent twice or lost.
     */
    private async replay(): Promise<void> {
        this.ready = false;
        const { runId } = await runIdentity(this.runDir);
        const events = [...this.history.items];
        if (this.latestStep && events.at(-1) !== this.latestStep) events.push(this.latestStep);
        this.ready = true;
        this.post({ type: 'reset', runId, name: this.name, runDir: this.runDir });
        this.post({ type: 'events', events });
        this.postEngineState();
    }

    private postEngineState(): void {
        const running = (this.engineRunning = this.host.runs.isRunning(this.runDir));
        this.post({ type: 'engine', running, message: running ? undefined : this.host.runs.outcome(this.runDir)?.message });
    }

    /** Messages to a hidden webview are dropped; it reloads when shown and asks for a replay. */
    private post(message: LiveToWebview): void {
        if (this.ready) void this.panel.webview.postMessage(message);
    }
}
