/**
 * The parts of the `vscode` API the panels use, for `vi.mock('vscode', () => import('./vscode-fake.js'))`.
 * Documents are read from disk; UI calls are recorded in `calls` and answered from `answers`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { vi } from 'vitest';

export class Uri {
    private constructor(readonly scheme: string, readonly fsPath: string) {}
    static file(path: string): Uri {
        return new Uri('file', path);
    }
    static parse(text: string): Uri {
        return new Uri('file', fileURLToPath(text));
    }
    static joinPath(base: Uri, ...parts: string[]): Uri {
        return new Uri(base.scheme, join(base.fsPath, ...parts));
    }
    toString(): string {
        return pathToFileURL(this.fsPath).toString();
    }
}

export class Position {
    constructor(readonly line: number, readonly character: number) {}
}

export class Range {
    readonly start: Position;
    readonly end: Position;
    constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
        this.start = typeof a === 'number' ? new Position(a, b as number) : a;
        this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
    }
}

export class Selection extends Range {}

export enum ViewColumn { Active = -1, Beside = -2, One = 1, Two = 2 }
export enum TextEditorRevealType { Default = 0, InCenter = 1, InCenterIfOutsideViewport = 2 }

export class EventEmitter<T> {
    private listeners: Array<(value: T) => void> = [];
    readonly event = (listener: (value: T) => void) => {
        this.listeners.push(listener);
        return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
    };
    fire(value: T): void {
        for (const l of this.listeners) l(value);
    }
    dispose(): void {
        this.listeners = [];
    }
}

export interface FakeWebviewPanel {
    title: string;
    viewColumn: ViewColumn;
    disposed: boolean;
    posted: unknown[];
    webview: { html: string; options: unknown; cspSource: string; asWebviewUri(uri: Uri): Uri; postMessage(m: unknown): Promise<boolean>; onDidReceiveMessage(l: (m: unknown) => void): { dispose(): void } };
    reveal: ReturnType<typeof vi.fn>;
    onDidDispose(l: () => void): { dispose(): void };
    dispose(): void;
}

export const created: FakeWebviewPanel[] = [];

export function fakePanel(title = ''): FakeWebviewPanel {
    const onDispose: Array<() => void> = [];
    const panel: FakeWebviewPanel = {
        title, viewColumn: ViewColumn.Two, disposed: false, posted: [],
        webview: {
            html: '', options: {}, cspSource: 'https://fake.vscode-cdn.net',
            asWebviewUri: (uri) => Uri.file(`/webview${uri.fsPath}`),
            postMessage: async (message) => {
                panel.posted.push(JSON.parse(JSON.stringify(message)));
                return true;
            },
            onDidReceiveMessage: () => ({ dispose: () => undefined }),
        },
        reveal: vi.fn(),
        onDidDispose: (l) => {
            onDispose.push(l);
            return { dispose: () => undefined };
        },
        dispose: () => {
            if (panel.disposed) return;
            panel.disposed = true;
            for (const l of onDispose) l();
        },
    };
    return panel;
}

export function textDocument(uri: Uri) {
    const text = readFileSync(uri.fsPath, 'utf8');
    return { uri, getText: () => text, validateRange: (r: Range) => r, languageId: uri.fsPath.endsWith('.smash') ? 'smash' : 'plaintext', version: 1 };
}

export const answers: { saveDialog?: Uri } = {};

export const calls = {
    info: [] as string[],
    errors: [] as string[],
    commands: [] as unknown[][],
    shown: [] as Array<{ path: string; selection: Range; viewColumn: ViewColumn }>,
};

export const window = {
    visibleTextEditors: [] as unknown[],
    createWebviewPanel: (_type: string, title: string, column: unknown) => {
        const panel = fakePanel(title);
        panel.viewColumn = typeof column === 'object' ? (column as { viewColumn: ViewColumn }).viewColumn : (column as ViewColumn);
        created.push(panel);
        return panel;
    },
    showInformationMessage: async (message: string) => void calls.info.push(message),
    showErrorMessage: async (message: string) => void calls.errors.push(message),
    showSaveDialog: async () => answers.saveDialog,
    showTextDocument: async (document: ReturnType<typeof textDocument>, options: { selection: Range; viewColumn: ViewColumn }) => {
        calls.shown.push({ path: document.uri.fsPath, selection: options.selection, viewColumn: options.viewColumn });
        return { document, selection: options.selection, revealRange: () => undefined };
    },
};

export const workspace = {
    textDocuments: [] as Array<ReturnType<typeof textDocument>>,
    openTextDocument: async (uri: Uri) => textDocument(uri),
    onDidChangeTextDocument: () => ({ dispose: () => undefined }),
    getConfiguration: () => ({ get: <T>(_key: string, fallback: T) => fallback }),
    fs: { writeFile: async (uri: Uri, bytes: Uint8Array) => writeFileSync(uri.fsPath, bytes) },
};

export const commands = {
    executeCommand: async (...args: unknown[]) => void calls.commands.push(args),
};
