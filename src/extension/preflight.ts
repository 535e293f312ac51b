/**
 * The message that refuses to start a search on a file with errors. No `vscode` import.
 */

/** An error diagnostic; line and character zero-based as in VS Code. */
export interface Problem {
    line: number;
    character: number;
    message: string;
}

/** Undefined when there is no error; otherwise one sentence naming the first `shown` errors by line. */
export function errorSummary(fileName: string, errors: readonly Problem[], shown = 3): string | undefined {
    if (errors.length === 0) return undefined;
    const sorted = [...errors].sort((a, b) => a.line - b.line || a.character - b.character);
    const listed = sorted.slice(0, shown).map((e) => `line ${e.line + 1}:${e.character + 1}: ${oneLine(e.message)}`);
    const more = errors.length > shown ? ` (and ${errors.length - shown} more)` : '';
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    return `Cannot start a search: ${fileName} has ${count}. ${listed.join('; ')}${more}.`;
}

function oneLine(message: string): string {
    return message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}
