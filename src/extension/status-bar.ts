/** The status bar item of the running searches: what the first one is doing; a click opens its live panel. */
import * as vscode from 'vscode';
import { formatDuration } from '../webview/common/format.js';
import { progressMessage } from '../webview/common/run-progress.js';
import type { RunSession } from './run-session.js';

export class RunStatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('smash.run', vscode.StatusBarAlignment.Left, 10);
    private scheduled?: ReturnType<typeof setTimeout>;

    constructor(private readonly sessions: () => readonly RunSession[]) {
        this.item.name = 'SMASH search';
    }

    /** Redraws at most four times a second: events can arrive far faster. */
    update(): void {
        this.scheduled ??= setTimeout(() => {
            this.scheduled = undefined;
            this.render();
        }, 250);
    }

    dispose(): void {
        if (this.scheduled) clearTimeout(this.scheduled);
        this.item.dispose();
    }

    private render(): void {
        const sessions = this.sessions();
        const first = sessions[0];
        if (!first) {
            this.item.hide();
            return;
        }
        const { progress } = first;
        const phase = first.stopping ? 'stopping' : progress.phase ?? 'starting';
        const eta = progress.eta === undefined || first.stopping ? '' : ` · ${formatDuration(progress.eta)}`;
        const more = sessions.length > 1 ? ` (+${sessions.length - 1})` : '';
        this.item.text = `$(loading~spin) SMASH ${phase}${eta}${more}`;
        this.item.tooltip = sessions.map((s) => `${s.name}: ${s.stopping ? 'stopping' : progressMessage(s.progress)}`).join('\n');
        this.item.command = { title: 'Show Live Panel', command: 'smash.openRun', arguments: [first.runDir] };
        this.item.accessibilityInformation = { label: `SMASH search ${first.name}: ${progressMessage(progress)}` };
        this.item.show();
    }
}
