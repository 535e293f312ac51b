/** Saves one ranked architecture of a run where the user chooses: as JSON, a PyTorch module or an ONNX model. */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXPORT_FILES, exportRun } from '../engine/export/export-run.js';
import type { ExportFormat, RankedArchitecture, RunResults } from '../shared/protocol.js';

/** What the exported file holds: the architecture, its scores and the run it came from. */
export function exportedArchitecture(results: RunResults, ranked: RankedArchitecture): object {
    return { run: results.runId, space: results.name, spaceFile: results.spaceFile, spaceHash: results.spaceHash, ...ranked };
}

/** `<space>-rank<N>-<id>.json` for JSON, `<space>-rank<N>-<format>` (a new folder) for the others. */
export function exportFileName(results: RunResults, ranked: RankedArchitecture, format: ExportFormat = 'json'): string {
    const slug = results.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'architecture';
    return format === 'json' ? `${slug}-rank${ranked.rank}-${ranked.id}.json` : `${slug}-rank${ranked.rank}-${format}`;
}

const TITLES: Record<ExportFormat, string> = { json: 'JSON', pytorch: 'a PyTorch module', onnx: 'an ONNX model' };

/** Asks where, writes the export, and returns the one-line summary of what was written where (undefined: cancelled or failed). */
export async function exportArchitecture(results: RunResults, ranked: RankedArchitecture, runDir: string, format: ExportFormat): Promise<string | undefined> {
    const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(join(runDir, exportFileName(results, ranked, format))),
        filters: format === 'json' ? { JSON: ['json'] } : undefined,
        saveLabel: 'Export',
        title: `Export architecture #${ranked.rank} as ${TITLES[format]}${format === 'json' ? '' : ' (a new folder)'}`,
    });
    if (!target) return undefined;
    let summary: string;
    try {
        if (format === 'json') {
            await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(exportedArchitecture(results, ranked), null, 2) + '\n'));
            summary = `exported architecture #${ranked.rank} to ${target.fsPath}`;
        } else {
            summary = exportRun({ runDir, rank: ranked.rank, format, output: target.fsPath }).summary;
        }
    } catch (error) {
        void vscode.window.showErrorMessage(`SMASH: cannot export architecture #${ranked.rank}: ${(error as Error).message}`);
        return undefined;
    }
    const open = format === 'pytorch' ? 'Open model.py' : undefined;
    void vscode.window.showInformationMessage(`SMASH: ${summary}.`, ...(open ? [open] : [])).then((choice) => {
        if (open && choice === open) void vscode.window.showTextDocument(vscode.Uri.file(join(target.fsPath, EXPORT_FILES.pytorch)));
    });
    return summary;
}
