/** The preview panel's requests and messages, against a stand-in `vscode` (see vscode-fake.ts) and language client. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import * as vscode from 'vscode';
import { PreviewPanel, type PreviewHost } from '../../src/extension/preview-panel.js';
import type { PreviewToWebview, SampleSpaceParams, SampleSpaceResult } from '../../src/shared/protocol.js';
import { architecture, SPACE_TEXT } from './fixtures.js';
import * as fake from './vscode-fake.js';

vi.mock('vscode', () => import('./vscode-fake.js'));

const root = mkdtempSync(join(tmpdir(), 'smash-preview-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = join(root, 'tiny.smash');
writeFileSync(file, SPACE_TEXT);
const uri = vscode.Uri.file(file);

const answers: SampleSpaceResult[] = [];
const requests: SampleSpaceParams[] = [];
const client = {
    sendRequest: vi.fn(async (_method: string, params: SampleSpaceParams) => {
        requests.push(params);
        return answers.shift()!;
    }),
};
const host = { extensionUri: vscode.Uri.file('/ext'), client } as unknown as PreviewHost;

const sampled = (seed: number, version = 1): SampleSpaceResult => {
    const arch = architecture(uri.toString());
    const spread = { min: 1, q1: 1, median: 1, q3: 1, max: 1 };
    return {
        ok: true, version, seed, spaceName: 'Tiny', architectures: [{ index: 0, id: 'a', params: 10, macs: 20, architecture: arch }],
        stats: { samples: 1, params: { ...spread, histogram: { lo: 1, hi: 1, counts: [1] } }, macs: { ...spread, histogram: { lo: 1, hi: 1, counts: [1] } }, opsPerBlock: [], knobs: [] },
    };
};
const posted = () => fake.created.at(-1)!.posted as PreviewToWebview[];

beforeEach(() => {
    answers.length = requests.length = 0;
    fake.calls.shown.length = 0;
    fake.workspace.textDocuments.splice(0, Infinity, fake.textDocument(uri as never) as never);
});

describe('preview panel', () => {
    test('opens beside the editor with the preview bundle under the CSP, and asks for the space\'s own seed first', async () => {
        const panel = await PreviewPanel.show(host, uri);
        expect(fake.created.at(-1)!.title).toBe('Preview: tiny.smash');
        expect(fake.created.at(-1)!.viewColumn).toBe(vscode.ViewColumn.Beside);
        expect(fake.created.at(-1)!.webview.html).toMatch(/<script nonce="[\w-]{32}" src="file:\/\/\/webview\/ext\/out\/webview\/preview\.js">/);
        expect(fake.created.at(-1)!.webview.html).toContain('media/diagram.css');
        answers.push(sampled(5));
        await panel.handleMessage({ type: 'ready' });
        expect(requests).toEqual([{ uri: uri.toString(), seed: undefined, count: 250, show: 10 }]);
        expect(posted()).toEqual([{ type: 'sample', file: 'tiny.smash', sample: JSON.parse(JSON.stringify(sampled(5))) }]);
        await expect(PreviewPanel.show(host, uri)).resolves.toBe(panel);
        panel.dispose();
        expect(PreviewPanel.get(uri.toString())).toBeUndefined();
    });

    test('reseed asks for the next seed; errors keep the picture and say why', async () => {
        const panel = await PreviewPanel.show(host, uri);
        answers.push(sampled(5), sampled(6), { ok: false, version: 1, message: '1 error; the first, line 3: nope' });
        await panel.handleMessage({ type: 'ready' });
        await panel.handleMessage({ type: 'reseed' });
        expect(requests.map((r) => r.seed)).toEqual([undefined, 6]);
        await panel.refresh();
        expect(posted().map((m) => m.type)).toEqual(['sample', 'sample', 'stale']);
        expect(posted()[2]).toEqual({ type: 'stale', file: 'tiny.smash', message: '1 error; the first, line 3: nope' });
        panel.dispose();
    });

    test('an answer for an older version of the document is not shown', async () => {
        const panel = await PreviewPanel.show(host, uri);
        const document = fake.workspace.textDocuments[0] as unknown as { version: number };
        document.version = 3;
        answers.push(sampled(5, 2));
        await panel.refresh();
        expect(posted()).toEqual([]);
        panel.dispose();
    });

    test('a clicked value selects its text in the editor, from the text the picture was drawn from', async () => {
        const panel = await PreviewPanel.show(host, uri);
        answers.push(sampled(5));
        await panel.handleMessage({ type: 'ready' });
        const source = architecture(uri.toString()).blocks[0]!.sources.bankSize;
        await panel.handleMessage({ type: 'reveal', source, label: 'the bank size' });
        expect(fake.calls.shown).toHaveLength(1);
        expect(fake.calls.shown[0]!.path).toBe(file);
        expect(fake.calls.shown[0]!.selection.start).toEqual(source.range.start);
        expect(fake.calls.shown[0]!.selection.end).toEqual(source.range.end);
        panel.dispose();
    });
});
