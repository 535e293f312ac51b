/**
 * The bundled language server, started as VS Code starts it (a separate Node process), answers
 * `initialize` on Node 20 and publishes diagnostics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

let server: ChildProcess;
let connection: MessageConnection;

beforeAll(() => {
    server = spawn(process.execPath, ['out/language/main.cjs', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.listen();
});

afterAll(() => {
    connection.dispose();
    server.kill();
});

describe('language server bundle', () => {
    test('initialize, then diagnostics for a broken file', async () => {
        const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
            processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null,
        });
        expect(result.capabilities).toHaveProperty('completionProvider');
        expect(result.capabilities).toHaveProperty('hoverProvider');
        expect(result.capabilities).toHaveProperty('definitionProvider');
        expect(result.capabilities).toHaveProperty('documentFormattingProvider');
        expect(result.capabilities).toHaveProperty('semanticTokensProvider');
        await connection.sendNotification('initialized', {});

        const uri = pathToFileURL('/tmp/broken.smash').toString();
        const text = readFileSync('examples/fashion-tiny.smash', 'utf8').replace('ops basic, wide', 'ops basic, nope');
        const published = new Promise<{ uri: string; diagnostics: Array<{ message: string }> }>((resolve) => {
            connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Array<{ message: string }> }) => {
                if (params.uri === uri) resolve(params);
            });
        });
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'smash', version: 1, text } });
        const diagnostics = (await published).diagnostics;
        expect(diagnostics.some((d) => d.message.includes('nope'))).toBe(true);
    });
});
