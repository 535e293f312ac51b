/** What both panels share: webview options and their HTML with the bundle and styles of each. */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { RUN_FILES, type RunManifest } from '../shared/protocol.js';
import type { RunManager } from './run-manager.js';
import { makeNonce, renderHtml } from './webview-html.js';

/** What a panel needs from the extension. */
export interface PanelHost {
    readonly extensionUri: vscode.Uri;
    readonly runs: RunManager;
}

/** Scripts only from the bundles, styles only from media/; reapplied on revive so the roots are current. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'out', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
}

/** Each panel's stylesheets after media/webview.css; the results panel and the preview share the diagram's. */
const PANEL_STYLES = { live: ['live.css'], results: ['diagram.css', 'results.css'], preview: ['diagram.css', 'preview.css'] } as const;

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: keyof typeof PANEL_STYLES, title: string): string {
    const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
    return renderHtml({
        cspSource: webview.cspSource,
        scriptUri: uri('out', 'webview', `${bundle}.js`),
        styleUris: [uri('media', 'webview.css'), ...PANEL_STYLES[bundle].map((file) => uri('media', file))],
        nonce: makeNonce(),
        title,
    });
}

/** The run's id and name from its manifest, or from its directory before the engine wrote one. */
export async function runIdentity(runDir: string): Promise<{ runId: string; name: string }> {
    try {
        const manifest = JSON.parse(await readFile(join(runDir, RUN_FILES.manifest), 'utf8')) as RunManifest;
        return { runId: manifest.runId, name: manifest.name };
    } catch {
        return { runId: basename(runDir), name: basename(runDir) };
    }
}

/** The PanelState's run directory, checked, from a state VS Code restored (anything a webview stored). */
export function stateRunDir(state: unknown): string | undefined {
    const runDir = (state as { runDir?: unknown } | undefined)?.runDir;
    return typeof runDir === 'string' && runDir !== '' ? runDir : undefined;
}
