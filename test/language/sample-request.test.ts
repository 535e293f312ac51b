/**
 * The bundled language server answers the preview's `smash/sampleSpace` request with what
 * `smash sample` draws, refuses a document with errors, and puts a "Preview space" lens above `space`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { sampleSpace } from '../../src/engine/space/sample-space.js';
import { PREVIEW_COMMAND, SAMPLE_SPACE_REQUEST, type SampleSpaceParams, type SampleSpaceResult } from '../../src/shared/protocol.js';
import { compileText } from '../engine/arch-fixtures.js';
import { TINY_RUN } from '../support/spaces.js';

let server: ChildProcess;
let connection: MessageConnection;
const uri = pathToFileURL('/tmp/preview-tiny.smash').toString();

beforeAll(async () => {
    server = spawn(process.execPath, ['out/language/main.cjs', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'smash', version: 1, text: TINY_RUN } });
});

afterAll(() => {
    connection.dispose();
    server.kill();
});

const request = (params: Omit<SampleSpaceParams, 'uri'>) => connection.sendRequest<SampleSpaceResult>(SAMPLE_SPACE_REQUEST, { uri, ...params });

describe('smash/sampleSpace', () => {
    test('answers with the first architectures a search with that seed draws, and statistics over all draws', async () => {
        const result = await request({ seed: 7, count: 30, show: 3 });
        if (!result.ok) throw new Error(result.message);
        expect(result).toMatchObject({ version: 1, seed: 7, spaceName: 'TinyRun' });
        const expected = sampleSpace(await compileText(TINY_RUN), 7, 3);
        expect(result.architectures.map((a) => [a.id, a.params, a.macs])).toEqual(expected.map((a) => [a.id, a.params, a.macs]));
        expect(result.architectures[0]!.architecture.blocks[0]!.sources.block.uri).toBe(uri);
        expect(result.stats.samples).toBe(30);
        expect((await request({ count: 5, show: 1 }) as { seed: number }).seed).toBe(5);
    });

    test('a document with errors is not sampled: the count and the first error', async () => {
        const broken = TINY_RUN.replace('ops small', 'ops nope');
        await connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: 2 }, contentChanges: [{ text: broken }],
        });
        const result = await request({ count: 5, show: 1 });
        expect(result.ok).toBe(false);
        expect(result.version).toBe(2);
        if (!result.ok) expect(result.message).toMatch(/^1 error; the first, line 5: .*nope/);
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: TINY_RUN }] });
        expect((await request({ count: 5, show: 1 })).ok).toBe(true);
    });

    test('a "Preview space" lens sits above the space and runs the preview command on this file', async () => {
        const lenses = await connection.sendRequest<Array<{ range: { start: { line: number } }; command: { command: string; arguments: unknown[] } }>>(
            'textDocument/codeLens', { textDocument: { uri } });
        expect(lenses).toHaveLength(1);
        expect(lenses[0]!.range.start.line).toBe(0);
        expect(lenses[0]!.command).toMatchObject({ command: PREVIEW_COMMAND, arguments: [uri] });
    });
});
