/**
 * The searches this window runs: starts their engines, shows each one's progress as a cancellable
 * notification (cancel = stop, which checkpoints) and in the status bar, and reports how each ended
 * with the next step as a button.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES } from '../shared/protocol.js';
import { progressMessage } from '../webview/common/run-progress.js';
import type { EngineLaunch } from './engine-process.js';
import type { Outcome } from './run-outcome.js';
import { RunSession } from './run-session.js';
import { RunStatusBar } from './status-bar.js';

export class RunManager implements vscode.Disposable {
    private readonly sessions = new Map<string, RunSession>();
    private readonly outcomes = new Map<string, Outcome>();
    private readonly changed = new vscode.EventEmitter<string>();
    private readonly statusBar = new RunStatusBar(() => this.active);
    /** Fires with a run directory when its session starts, ends or makes progress. */
    readonly onDidChange = this.changed.event;

    constructor(private readonly output: vscode.OutputChannel) {}

    get active(): RunSession[] {
        return [...this.sessions.values()];
    }

    session(runDir: string): RunSession | undefined {
        return this.sessions.get(runDir);
    }

    isRunning(runDir: string): boolean {
        return this.sessions.has(runDir);
    }

    /** How the last session of this window for `runDir` ended. */
    outcome(runDir: string): Outcome | undefined {
        return this.outcomes.get(runDir);
    }

    start(runDir: string, name: string, launch: EngineLaunch): RunSession {
        if (this.sessions.has(runDir)) throw new Error(`a search is already running in ${runDir}`);
        const session = new RunSession({ runDir, name, launch, output: this.output });
        this.sessions.set(runDir, session);
        this.outcomes.delete(runDir);
        const subscription = session.onDidChange(() => {
            this.statusBar.update();
            this.changed.fire(runDir);
        });
        this.showProgress(session);
        this.updateContext();
        void session.finished.then((outcome) => {
            subscription.dispose();
            this.sessions.delete(runDir);
            this.outcomes.set(runDir, outcome);
            this.updateContext();
            this.statusBar.update();
            this.changed.fire(runDir);
            void this.reportEnd(session, outcome);
        });
        this.statusBar.update();
        this.changed.fire(runDir);
        return session;
    }

    stop(runDir: string): boolean {
        const session = this.sessions.get(runDir);
        session?.stop();
        return session !== undefined;
    }

    /** Closing the window stops the searches; each checkpoints and can be resumed. */
    dispose(): void {
        for (const session of this.sessions.values()) session.stop();
        this.statusBar.dispose();
        this.changed.dispose();
    }

    /** `smash.searchRunning` switches the editor title button between Start and Stop. */
    private updateContext(): void {
        void vscode.commands.executeCommand('setContext', 'smash.searchRunning', this.sessions.size > 0);
    }

    private showProgress(session: RunSession): void {
        void vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `SMASH: ${session.name}`, cancellable: true },
            (progress, token) => {
                token.onCancellationRequested(() => session.stop());
                let last = '';
                const report = () => {
                    const message = session.stopping ? 'stopping (saving a checkpoint)…' : progressMessage(session.progress);
                    if (message !== last) progress.report({ message: (last = message) });
                };
                report();
                const subscription = session.onDidChange(report);
                return session.finished.finally(() => subscription.dispose());
            },
        );
    }

    private async reportEnd(session: RunSession, outcome: Outcome): Promise<void> {
        const resumable = existsSync(join(session.runDir, RUN_FILES.manifest));
        let choice: string | undefined;
        if (outcome.status === 'completed') {
            choice = await vscode.window.showInformationMessage(`SMASH: ${session.name} finished.`, 'Show Results');
        } else if (outcome.status === 'stopped') {
            const actions = resumable ? ['Resume'] : [];
            choice = await vscode.window.showInformationMessage(`SMASH: ${session.name} stopped. Resuming continues from its last checkpoint.`, ...actions);
        } else {
            const actions = resumable ? ['Resume', 'Show Output'] : ['Show Output'];
            choice = await vscode.window.showErrorMessage(`SMASH: ${session.name} failed: ${outcome.message}`, ...actions);
        }
        if (choice === 'Show Results') await vscode.commands.executeCommand('smash.showResults', session.runDir);
        else if (choice === 'Resume') await vscode.commands.executeCommand('smash.resumeSearch', session.runDir);
        else if (choice === 'Show Output') this.output.show(true);
    }
}
