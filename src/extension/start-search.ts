/** SMASH: Start Search — the file, the checks, the run size and backend, then the engine. */
import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { RunOverrides } from '../shared/protocol.js';
import { configuredBackend, configuredNodePath, configuredQuickRun, runsRootFor } from './config.js';
import type { Ctx } from './ctx.js';
import { BACKEND_DESCRIPTIONS, describeOverrides, isBackendChoice, offeredBackends, searchArgs, type BackendChoice } from './engine-args.js';
import { LivePanel } from './live-panel.js';
import { errorSummary } from './preflight.js';
import type { RunSession } from './run-session.js';
import { newRunDirName, uniqueRunDir } from './runs.js';
import { requireTrust } from './trust.js';
import { probeWebGpu, webgpuModuleFor } from './webgpu-probe.js';

/** What a caller (a test, another extension) may preset to skip the quick picks. */
export interface StartOptions {
    size?: 'quick' | 'full';
    backend?: BackendChoice;
}

export async function startSearch(ctx: Ctx, target?: unknown, options?: unknown): Promise<RunSession | undefined> {
    if (!requireTrust('start a search')) return undefined;
    const uri = target instanceof vscode.Uri ? target : await pickSmashFile();
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
        void vscode.window.showErrorMessage('SMASH: save the search space to a file first; the engine reads .smash files from disk.');
        return undefined;
    }
    const wasOpen = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.isDirty && !(await document.save())) {
        void vscode.window.showErrorMessage(`SMASH: ${basename(uri.fsPath)} could not be saved; the engine reads the file from disk.`);
        return undefined;
    }
    const summary = errorSummary(basename(uri.fsPath), await errorsOf(document, wasOpen));
    if (summary) {
        const choice = await vscode.window.showErrorMessage(summary, 'Show Problems');
        if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
        return undefined;
    }
    const preset = parseOptions(options);
    const overrides = preset.size ? (preset.size === 'quick' ? configuredQuickRun(uri) : {}) : await pickRunSize(uri);
    if (!overrides) return undefined;
    const engine = ctx.engine;
    const webgpuModule = webgpuModuleFor(engine.cliPath);
    const backend = preset.backend ?? (await pickBackend(uri, offeredBackends(engine.packaged, webgpuModule !== undefined)));
    if (!backend) return undefined;
    if (backend === 'webgpu' && !(await webgpuUsable(uri, webgpuModule))) return undefined;

    const root = runsRootFor(uri);
    await mkdir(root, { recursive: true });
    const runDir = uniqueRunDir(root, newRunDirName(basename(uri.fsPath), new Date()));
    const session = ctx.runs.start(runDir, basename(uri.fsPath, '.smash'), {
        cliPath: engine.cliPath,
        args: searchArgs(uri.fsPath, runDir, backend, overrides, engine.data),
        cwd: dirname(uri.fsPath),
        nodePath: configuredNodePath(uri),
    });
    await LivePanel.show(ctx, runDir, true);
    return session;
}

/** The probe of webgpu-probe.ts on the runtime that will run the engine; on failure, says why and what to do. */
async function webgpuUsable(uri: vscode.Uri, webgpuModule: string | undefined): Promise<boolean> {
    if (webgpuModule === undefined) {
        void vscode.window.showErrorMessage('SMASH: the engine finds no `webgpu` package: install webgpu@0.6.2 and @tensorflow/tfjs-backend-webgpu@4.22.0 next to it.');
        return false;
    }
    const nodePath = configuredNodePath(uri);
    const result = await probeWebGpu(webgpuModule, nodePath);
    if (result.ok) return true;
    if (result.externalBuffers && nodePath === undefined) {
        const set = 'Set smash.engine.nodePath';
        const choice = await vscode.window.showErrorMessage(
            `SMASH: VS Code's own runtime cannot read GPU buffers (Electron forbids external ArrayBuffers: ${result.reason}). Run the engine with a system node (Node 20 or later) instead.`, set);
        if (choice === set) await vscode.commands.executeCommand('workbench.action.openSettings', 'smash.engine.nodePath');
        return false;
    }
    void vscode.window.showErrorMessage(`SMASH: webgpu cannot run on ${nodePath ?? "VS Code's runtime"}: ${result.reason}. Choose another backend, or see the README (GPU drivers).`);
    return false;
}

function parseOptions(options: unknown): StartOptions {
    const o = (options ?? {}) as Record<string, unknown>;
    return {
        size: o.size === 'quick' || o.size === 'full' ? o.size : undefined,
        backend: isBackendChoice(o.backend) ? o.backend : undefined,
    };
}

async function pickSmashFile(): Promise<vscode.Uri | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'smash') return active.uri;
    const files = await vscode.workspace.findFiles('**/*.smash', '**/node_modules/**', 200);
    const browse = { label: '$(folder-opened) Browse…', uri: undefined };
    const items = [...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), browse];
    const picked = files.length === 0 ? browse : await vscode.window.showQuickPick(items, { title: 'SMASH: Start Search', placeHolder: 'The search space to search' });
    if (!picked) return undefined;
    if (picked.uri) return picked.uri;
    const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'SMASH search space': ['smash'] }, openLabel: 'Search' });
    return chosen?.[0];
}

/** The file's error diagnostics; a file just opened gets a moment for the language server to check it. */
async function errorsOf(document: vscode.TextDocument, wasOpen: boolean) {
    if (!wasOpen) await diagnosticsFor(document.uri, 3000);
    return vscode.languages.getDiagnostics(document.uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
        .map((d) => ({ line: d.range.start.line, character: d.range.start.character, message: d.message }));
}

function diagnosticsFor(uri: vscode.Uri, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
            if (e.uris.some((u) => u.toString() === uri.toString())) done();
        });
        function done() {
            clearTimeout(timer);
            subscription.dispose();
            resolve();
        }
    });
}

async function pickRunSize(uri: vscode.Uri): Promise<RunOverrides | undefined> {
    const quick = configuredQuickRun(uri);
    const picked = await vscode.window.showQuickPick([
        { label: '$(zap) Quick run', description: describeOverrides(quick), detail: 'Minutes on a laptop CPU, to see the whole search work. Sizes: settings smash.quickRun.*', overrides: quick },
        { label: '$(beaker) Full run', description: 'the sizes in the file', detail: `Trains, searches and retrains as ${basename(uri.fsPath)} says.`, overrides: {} },
    ], { title: 'SMASH: Start Search (1/2): run size', placeHolder: 'How big a search?' });
    return picked?.overrides;
}

async function pickBackend(uri: vscode.Uri, offered: BackendChoice[]): Promise<BackendChoice | undefined> {
    const configured = configuredBackend(uri);
    const ordered = offered.includes(configured) ? [configured, ...offered.filter((b) => b !== configured)] : offered;
    const picked = await vscode.window.showQuickPick(ordered.map((backend) => ({
        label: backend,
        description: BACKEND_DESCRIPTIONS[backend] + (backend === configured ? ' (setting smash.engine.backend)' : ''),
        backend,
    })), { title: 'SMASH: Start Search (2/2): TensorFlow.js backend', placeHolder: 'Where to compute' });
    return picked?.backend;
}
