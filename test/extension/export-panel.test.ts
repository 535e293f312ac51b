/** The results panel's PyTorch and ONNX export: the engine's export into the folder the dialog names, and what the panel is told. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import * as vscode from 'vscode';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { PanelHost } from '../../src/extension/panel-support.js';
import { readResults, ResultsPanel } from '../../src/extension/results-panel.js';
import { compileText } from '../engine/arch-fixtures.js';
import { ALL_KINDS_TEXT, writeRun } from '../engine/export-fixtures.js';
import * as fake from './vscode-fake.js';

vi.mock('vscode', () => import('./vscode-fake.js'));

const root = mkdtempSync(join(tmpdir(), 'smash-export-panel-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const host = { extensionUri: vscode.Uri.file('/ext'), runs: { onDidChange: () => ({ dispose() {} }) } } as unknown as PanelHost;
let runDir: string;
let id: string;

beforeAll(async () => {
    await selectBackend('wasm');
    const space = await compileText(ALL_KINDS_TEXT);
    runDir = join(root, 'run');
    writeRun(runDir, space, sampleArchitecture(space, new Random('panel')), 'panel');
    id = (await readResults(runDir)).architectures[0]!.id;
});

test('PyTorch and ONNX exports go to the folder the dialog names; the panel and a notification say where', async () => {
    const panel = await ResultsPanel.show(host, runDir);
    for (const [format, files] of [['pytorch', ['architecture.json', 'model.py', 'weights.safetensors']], ['onnx', ['architecture.json', 'model.onnx']]] as const) {
        const target = join(root, format);
        fake.answers.saveDialog = vscode.Uri.file(target);
        await panel.handleMessage({ type: 'export', id, format });
        expect(readdirSync(target).sort()).toEqual(files);
        const summary = `wrote ${files.join(', ')} to ${target}`;
        expect(fake.created.at(-1)!.posted.at(-1)).toEqual({ type: 'exported', id, summary });
        expect(fake.calls.info.at(-1)).toBe(`SMASH: ${summary}.`);
    }
    // The same folder again: refused with the reason, nothing posted.
    const before = fake.created.at(-1)!.posted.length;
    await panel.handleMessage({ type: 'export', id, format: 'onnx' });
    expect(fake.calls.errors.at(-1)).toMatch(/^SMASH: cannot export architecture #1: .*onnx already exists and is not empty/);
    expect(fake.created.at(-1)!.posted).toHaveLength(before);
    fake.answers.saveDialog = undefined;
    panel.dispose();
});
