/** The palette commands and the webview panel serializers. */
import * as vscode from 'vscode';
import { PREVIEW_COMMAND } from '../shared/protocol.js';
import type { Ctx } from './ctx.js';
import { LivePanel } from './live-panel.js';
import { previewSpace } from './preview-panel.js';
import { ResultsPanel } from './results-panel.js';
import { openRun, resumeSearch, showResults, stopSearch } from './run-commands.js';
import { startSearch } from './start-search.js';

export function registerCommands(ctx: Ctx): void {
    const command = (id: string, run: (...args: unknown[]) => Promise<unknown>) =>
        ctx.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
            try {
                return await run(...args);
            } catch (error) {
                ctx.output.appendLine(`[${id}] ${(error as Error).stack ?? String(error)}`);
                void vscode.window.showErrorMessage(`SMASH: ${(error as Error).message}`);
                return undefined;
            }
        }));
    command('smash.startSearch', (target, options) => startSearch(ctx, target, options));
    command('smash.stopSearch', (target) => stopSearch(ctx, target));
    command('smash.resumeSearch', (target) => resumeSearch(ctx, target));
    command('smash.showResults', (target) => showResults(ctx, target));
    command('smash.openRun', (target) => openRun(ctx, target));
    command(PREVIEW_COMMAND, (target) => previewSpace(ctx, target));
}

/** Brings the panels back after a reload, from the PanelState their webviews stored. */
export function registerSerializers(ctx: Ctx): void {
    ctx.push(vscode.window.registerWebviewPanelSerializer(LivePanel.viewType, {
        deserializeWebviewPanel: (panel, state) => LivePanel.revive(ctx, panel, state),
    }));
    ctx.push(vscode.window.registerWebviewPanelSerializer(ResultsPanel.viewType, {
        deserializeWebviewPanel: (panel, state) => ResultsPanel.revive(ctx, panel, state),
    }));
}
