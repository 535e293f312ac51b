/**
 * Opens the .smash file at the source of a clicked op, value or block and selects exactly that
 * text. Ranges refer to a snapshot of the file (a run's copy, or the text a preview was drawn
 * from); when the file has changed since, the same snippet is looked up near its old place and
 * the user is told.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { SourceRef } from '../engine/space/space.js';
import { relocate } from './relocate.js';

/** `exact`: the file is as the run saw it; `relocated`: it changed and the snippet was found; `missing`: it was not. */
export type RevealOutcome = 'exact' | 'relocated' | 'missing';

export interface RevealResult {
    outcome: RevealOutcome;
    editor: vscode.TextEditor;
}

/** The text the ranges were computed from (undefined: unknown, take them as they are), and what it was: "this run". */
export interface Snapshot {
    text: string | undefined;
    of: string;
}

export async function revealSource(source: SourceRef, label: string, snapshotOf: Snapshot, avoid?: vscode.ViewColumn): Promise<RevealResult | undefined> {
    const uri = vscode.Uri.parse(source.uri);
    let document: vscode.TextDocument;
    try {
        document = await vscode.workspace.openTextDocument(uri);
    } catch (error) {
        void vscode.window.showErrorMessage(`SMASH: cannot open ${uri.fsPath || source.uri}: ${(error as Error).message}`);
        return undefined;
    }
    const snapshot = snapshotOf.text;
    const current = document.getText();
    const range = toRange(source.range);
    let outcome: RevealOutcome = 'exact';
    let selection = document.validateRange(range);
    if (snapshot !== undefined && snapshot !== current) {
        const found = relocate(snapshot, current, source.range);
        const file = basename(uri.fsPath);
        if (found) {
            outcome = 'relocated';
            selection = toRange(found);
            void vscode.window.showInformationMessage(`${file} has changed since ${snapshotOf.of}; selected the nearest match of ${label}.`);
        } else {
            outcome = 'missing';
            selection = document.validateRange(new vscode.Range(range.start, range.start));
            void vscode.window.showInformationMessage(`${file} has changed since ${snapshotOf.of} and ${label} is no longer in it; showing where it was.`);
        }
    }
    const editor = await vscode.window.showTextDocument(document, {
        viewColumn: editorColumn(document, avoid),
        selection: new vscode.Selection(selection.start, selection.end),
        preserveFocus: false,
    });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return { outcome, editor };
}

/** The column already showing the document, else one other than the panel's. */
function editorColumn(document: vscode.TextDocument, avoid: vscode.ViewColumn | undefined): vscode.ViewColumn {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document && e.viewColumn !== undefined);
    if (visible?.viewColumn) return visible.viewColumn;
    return avoid === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
}

function toRange(range: SourceRef['range']): vscode.Range {
    return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
