/** Stop, resume, show the results of and open runs. Each takes an optional run directory (from a button or a test). */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES, type RunManifest } from '../shared/protocol.js';
import { allRunsRoots, configuredBackend, configuredNodePath } from './config.js';
import type { Ctx } from './ctx.js';
import { resumeArgs } from './engine-args.js';
import { LivePanel } from './live-panel.js';
import { ResultsPanel } from './results-panel.js';
import type { RunSession } from './run-session.js';
import { describeRun, listRuns, readRunSummary, type RunSummary } from './runs.js';
import { requireTrust } from './trust.js';

export async function stopSearch(ctx: Ctx, target?: unknown): Promise<void> {
    const dir = runDirArgument(target);
    if (dir) {
        if (!ctx.runs.stop(dir)) void vscode.window.showInformationMessage(`SMASH: no search of this window runs in ${dir}.`);
        return;
    }
    const active = ctx.runs.active;
    if (active.length === 0) {
        void vscode.window.showInformationMessage('SMASH: no search is running.');
        return;
    }
    const picked = active.length === 1 ? active[0] : (await vscode.window.showQuickPick(
        active.map((session) => ({ label: session.name, description: session.runDir, session })),
        { title: 'SMASH: Stop Search', placeHolder: 'The search to stop (it saves a checkpoint first)' },
    ))?.session;
    picked?.stop();
}

export async function resumeSearch(ctx: Ctx, target?: unknown): Promise<RunSession | undefined> {
    if (!requireTrust('resume a search')) return undefined;
    const dir = runDirArgument(target) ?? (await pickRun(ctx, (r) => r.state === 'stopped' || r.state === 'failed' || r.state === 'unfinished',
        'SMASH: Resume Search', 'no stopped or failed runs'));
    if (!dir) return undefined;
    if (ctx.runs.isRunning(dir)) {
        void vscode.window.showInformationMessage('SMASH: this search is already running.');
        return undefined;
    }
    const manifest = await readManifest(dir);
    if (!manifest) {
        void vscode.window.showErrorMessage(`SMASH: ${dir} cannot be resumed: the search never started (it has no ${RUN_FILES.manifest}).`);
        return undefined;
    }
    const spaceFile = vscode.Uri.file(manifest.spaceFile);
    const engine = ctx.engine;
    const session = ctx.runs.start(dir, manifest.name, {
        cliPath: engine.cliPath,
        args: resumeArgs(dir, manifest.backend?.name ?? configuredBackend(spaceFile), engine.data),
        cwd: existsSync(manifest.spaceFile) ? dirname(manifest.spaceFile) : dir,
        nodePath: configuredNodePath(spaceFile),
    });
    await LivePanel.show(ctx, dir, true);
    return session;
}

export async function showResults(ctx: Ctx, target?: unknown): Promise<ResultsPanel | undefined> {
    const dir = runDirArgument(target) ?? (await pickRun(ctx, (r) => r.hasResults, 'SMASH: Show Results', 'no finished runs'));
    if (!dir) return undefined;
    try {
        return await ResultsPanel.show(ctx, dir);
    } catch (error) {
        void vscode.window.showErrorMessage(`SMASH: ${(error as Error).message}`);
        return undefined;
    }
}

/** A run's results if it has them, else its live panel (which also replays a finished run's training). */
export async function openRun(ctx: Ctx, target?: unknown): Promise<ResultsPanel | LivePanel | undefined> {
    const dir = runDirArgument(target) ?? (await pickRun(ctx, () => true, 'SMASH: Open Run', 'no runs', true));
    if (!dir) return undefined;
    const summary = await readRunSummary(dir, (d) => ctx.runs.isRunning(d));
    if (!summary) {
        void vscode.window.showErrorMessage(`SMASH: ${dir} is not a run directory (it has neither ${RUN_FILES.manifest} nor ${RUN_FILES.events}).`);
        return undefined;
    }
    if (summary.hasResults && summary.state !== 'running') return showResults(ctx, dir);
    return LivePanel.show(ctx, dir);
}

function runDirArgument(target: unknown): string | undefined {
    if (typeof target === 'string' && target !== '') return target;
    if (target instanceof vscode.Uri && target.scheme === 'file') return target.fsPath;
    return undefined;
}

async function pickRun(ctx: Ctx, keep: (run: RunSummary) => boolean, title: string, none: string, browse = false): Promise<string | undefined> {
    const roots = allRunsRoots();
    const runs = (await Promise.all(roots.map((root) => listRuns(root, (d) => ctx.runs.isRunning(d)))))
        .flat().filter(keep).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    if (runs.length === 0 && !browse) {
        const where = roots.length > 0 ? ` in ${roots.join(', ')}` : ' (open a folder: runs are kept in the workspace)';
        void vscode.window.showInformationMessage(`SMASH: ${none}${where}.`);
        return undefined;
    }
    const browseItem = { label: '$(folder-opened) Browse…', description: 'a run directory anywhere', dir: undefined };
    const items: Array<vscode.QuickPickItem & { dir?: string }> = runs.map((run) => ({ ...describeRun(run), dir: run.dir }));
    if (browse) items.push(browseItem);
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Newest first', matchOnDescription: true, matchOnDetail: true });
    if (!picked) return undefined;
    if (picked.dir) return picked.dir;
    const chosen = await vscode.window.showOpenDialog({
        canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Open Run',
        defaultUri: roots[0] && existsSync(roots[0]) ? vscode.Uri.file(roots[0]) : undefined,
    });
    return chosen?.[0]?.fsPath;
}

async function readManifest(dir: string): Promise<RunManifest | undefined> {
    try {
        return JSON.parse(await readFile(join(dir, RUN_FILES.manifest), 'utf8')) as RunManifest;
    } catch {
        return undefined;
    }
}
