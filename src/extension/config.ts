/** The `smash.*` settings. */
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { RunOverrides } from '../shared/protocol.js';
import { isBackendChoice, quickRunOverrides, type BackendChoice } from './engine-args.js';

export const DEFAULT_RUNS_DIRECTORY = '.smash/runs';

export function configuredBackend(scope?: vscode.Uri): BackendChoice {
    const value = vscode.workspace.getConfiguration('smash', scope).get('engine.backend');
    return isBackendChoice(value) ? value : 'auto';
}

/** The node executable the user chose, or undefined to run the engine on VS Code's own. */
export function configuredNodePath(scope?: vscode.Uri): string | undefined {
    const value = vscode.workspace.getConfiguration('smash', scope).get<string>('engine.nodePath')?.trim();
    return value ? expandHome(value) : undefined;
}

export function configuredQuickRun(scope?: vscode.Uri): RunOverrides {
    const config = vscode.workspace.getConfiguration('smash.quickRun', scope);
    return quickRunOverrides((key) => config.get(key));
}

/**
 * Where a file's runs go: `smash.runsDirectory`, relative to the file's workspace folder (or to
 * the file's own folder outside any workspace).
 */
export function runsRootFor(file: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    return resolveRunsDirectory(runsSetting(file), folder ? folder.uri.fsPath : dirname(file.fsPath));
}

/** The runs folders of all workspace folders, for listing runs without a file at hand. */
export function allRunsRoots(): string[] {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => resolveRunsDirectory(runsSetting(f.uri), f.uri.fsPath));
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'smash' && active.uri.scheme === 'file') roots.push(runsRootFor(active.uri));
    return [...new Set(roots)];
}

export function resolveRunsDirectory(setting: string, base: string): string {
    const path = expandHome(setting.trim() || DEFAULT_RUNS_DIRECTORY);
    return isAbsolute(path) ? path : join(base, path);
}

function runsSetting(scope: vscode.Uri): string {
    return vscode.workspace.getConfiguration('smash', scope).get<string>('runsDirectory') ?? DEFAULT_RUNS_DIRECTORY;
}

function expandHome(path: string): string {
    return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}
