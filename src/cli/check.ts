/**
 * `smash check FILE...`: one line per error or warning, or JSON; exit 1 when any file has an error.
 * Information and hints stay in the editor, where they sit next to the text they explain.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { checkFiles, type CheckedFile } from './documents.js';

export interface DiagnosticRecord {
    file: string;
    /** 1-based, as editors and compilers print them. */
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: 'error' | 'warning';
    message: string;
    code?: string;
}

export function toRecord(file: string, d: Diagnostic): DiagnosticRecord {
    return {
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: d.severity === 2 ? 'warning' : 'error',
        message: typeof d.message === 'string' ? d.message : d.message.value,
        code: d.code === undefined ? undefined : String(d.code),
    };
}

export function formatRecord(r: DiagnosticRecord): string {
    return `${r.file}:${r.line}:${r.column}: ${r.severity}: ${r.message}${r.code ? ` [${r.code}]` : ''}`;
}

export async function runCheck(paths: string[], json: boolean, out: (line: string) => void): Promise<number> {
    const files: CheckedFile[] = await checkFiles(paths);
    const records = files.flatMap((f) => f.diagnostics.filter((d) => (d.severity ?? 1) <= 2).map((d) => toRecord(f.path, d)))
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    if (json) out(JSON.stringify(records, null, 2));
    else for (const r of records) out(formatRecord(r));
    return records.some((r) => r.severity === 'error') ? 1 : 0;
}
