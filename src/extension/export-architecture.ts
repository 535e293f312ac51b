/** Saves one ranked architecture of a run as JSON where the user chooses. */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RankedArchitecture, RunResults } from '../shared/protocol.js';

/** What the exported file holds: the architecture, its scores and the run it came from. */
export function exportedArchitecture(results: RunResults, ranked: RankedArchitecture): object {
    return { run: results.runId, space: results.name, spaceFile: results.spaceFile, spaceHash: results.spaceHash, ...ranked };
}

export function exportFileName(results: RunResults, ranked: RankedArchitecture): string {
    const slug = results.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'architecture';
    return `${slug}-rank${ranked.rank}-${ranked.id}.json`;
}

export async function exportArchitecture(results: RunResults, ranked: RankedArchitecture, runDir: string): Promise<vscode.Uri | undefined> {
    const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(join(runDir, exportFileName(results, ranked))),
        filters: { JSON: ['json'] },
        saveLabel: 'Export',
        title: `Export architecture #${ranked.rank} as JSON`,
    });
    if (!target) return undefined;
    const text = JSON.stringify(exportedArchitecture(results, ranked), null, 2) + '\n';
    try {
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    } catch (error) {
        void vscode.window.showErrorMessage(`SMASH: cannot write ${target.fsPath}: ${(error as Error).message}`);
        return undefined;
    }
    void vscode.window.showInformationMessage(`SMASH: exported architecture #${ranked.rank} to ${target.fsPath}.`);
    return target;
}
