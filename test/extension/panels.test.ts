/** The panels' message handling, against a stand-in `vscode` (see vscode-fake.ts). */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import * as vscode from 'vscode';
import { LivePanel } from '../../src/extension/live-panel.js';
import type { PanelHost } from '../../src/extension/panel-support.js';
import { ResultsPanel } from '../../src/extension/results-panel.js';
import type { LiveToWebview, RunEvent } from '../../src/shared/protocol.js';
import { at, manifest, results, SPACE_TEXT, trainingEvents } from './fixtures.js';
import * as fake from './vscode-fake.js';

vi.mock('vscode', () => import('./vscode-fake.js'));

const root = mkdtempSync(join(tmpdir(), 'smash-panels-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const spaceFile = join(root, 'tiny.smash');
const spaceUri = pathToFileURL(spaceFile).toString();

const runs = { isRunning: vi.fn(() => true), stop: vi.fn(() => true), outcome: vi.fn(() => undefined), onDidChange: () => ({ dispose() {} }) };
const host = { extensionUri: vscode.Uri.file('/ext'), runs } as unknown as PanelHost;

function runDir(name: string, events: RunEvent[]): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest(spaceFile)));
    writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e) + '\n').join(''));
    writeFileSync(join(dir, 'space.smash'), SPACE_TEXT);
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results(spaceFile, spaceUri)));
    return dir;
}

const lastPanel = () => fake.created.at(-1)!;
const posted = () => lastPanel().posted as LiveToWebview[];

beforeEach(() => {
    writeFileSync(spaceFile, SPACE_TEXT);
    fake.calls.info.length = fake.calls.errors.length = fake.calls.commands.length = fake.calls.shown.length = 0;
});

describe('live panel', () => {
    test('renders the CSP page, replays the run on ready, then streams appended events', async () => {
        const dir = runDir('live', trainingEvents(spaceFile));
        const panel = await LivePanel.show(host, dir);
        expect(lastPanel().title).toBe('SMASH: Tiny');
        expect(lastPanel().webview.html).toMatch(/<script nonce="[\w-]{32}" src="file:\/\/\/webview\/ext\/out\/webview\/live\.js">/);
        expect(posted()).toEqual([]); // nothing before the page says it is ready

        await panel.handleMessage({ type: 'ready' });
        expect(posted().map((m) => m.type)).toEqual(['reset', 'events', 'engine']);
        expect(posted()[0]).toEqual({ type: 'reset', runId: 'run-1', name: 'Tiny', runDir: dir });
        expect((posted()[1] as { events: RunEvent[] }).events).toHaveLength(6);
        expect(posted()[2]).toEqual({ type: 'engine', running: true });

        const end: RunEvent = { type: 'run-end', time: 't', status: 'completed' };
        appendFileSync(join(dir, 'events.jsonl'), JSON.stringify(end) + '\n');
        await panel.refresh();
        expect(posted().at(-1)).toEqual({ type: 'events', events: [end] });
        await expect(LivePanel.show(host, dir)).resolves.toBe(panel);
        panel.dispose();
        expect(LivePanel.get(dir)).toBeUndefined();
    });

    test('its Stop and Show Results buttons reach the run manager and the command', async () => {
        const dir = runDir('buttons', trainingEvents(spaceFile));
        const panel = await LivePanel.show(host, dir);
        await panel.handleMessage({ type: 'stop' });
        expect(runs.stop).toHaveBeenCalledWith(dir);
        await panel.handleMessage({ type: 'showResults' });
        expect(fake.calls.commands).toContainEqual(['smash.showResults', dir]);
        panel.dispose();
    });

    test('a restored panel without a run directory in its state is closed', async () => {
        const panel = fake.fakePanel();
        await LivePanel.revive(host, panel as never, { selectedId: 'x' });
        expect(panel.disposed).toBe(true);
        const good = fake.fakePanel();
        const dir = runDir('revived', trainingEvents(spaceFile));
        await LivePanel.revive(host, good as never, { runDir: dir });
        expect(good.disposed).toBe(false);
        expect(good.webview.options).toEqual({ enableScripts: true, localResourceRoots: [vscode.Uri.file('/ext/out/webview'), vscode.Uri.file('/ext/media')] });
        LivePanel.get(dir)!.dispose();
    });
});

describe('results panel', () => {
    test('sends the results on ready, noting whether the file changed since the run', async () => {
        const dir = runDir('results', []);
        const panel = await ResultsPanel.show(host, dir);
        expect(lastPanel().webview.html).toContain('out/webview/results.js');
        await panel.handleMessage({ type: 'ready' });
        expect(lastPanel().posted.at(-1)).toMatchObject({ type: 'results', runDir: dir, fileChanged: false, results: { name: 'Tiny' } });
        writeFileSync(spaceFile, '// edited\n' + SPACE_TEXT);
        await panel.handleMessage({ type: 'ready' });
        expect(lastPanel().posted.at(-1)).toMatchObject({ fileChanged: true });
        panel.dispose();
    });

    test('opens in the column of the run\'s live panel if one is open, else beside the editor', async () => {
        const dir = runDir('next-to-live', trainingEvents(spaceFile));
        const live = await LivePanel.show(host, dir);
        (live.panel as { viewColumn?: vscode.ViewColumn }).viewColumn = vscode.ViewColumn.Two;
        const results = await ResultsPanel.show(host, dir);
        expect(lastPanel().viewColumn).toBe(vscode.ViewColumn.Two);
        results.dispose();
        live.dispose();
        (await ResultsPanel.show(host, dir)).dispose();
        expect(lastPanel().viewColumn).toBe(vscode.ViewColumn.Beside);
    });

    test('reveal selects exactly the source range, or its nearest match with a note when the file changed', async () => {
        const dir = runDir('reveal', []);
        const panel = await ResultsPanel.show(host, dir);
        const source = at(spaceUri, '5', 'kernel {');
        await panel.handleMessage({ type: 'reveal', source, label: 'kernel width 5' });
        expect(fake.calls.shown.at(-1)).toMatchObject({ path: spaceFile, selection: { start: { line: 3, character: 19 }, end: { line: 3, character: 20 } } });
        expect(fake.calls.shown.at(-1)!.viewColumn).toBe(vscode.ViewColumn.One); // the panel is in column Two
        expect(fake.calls.info).toEqual([]);

        writeFileSync(spaceFile, '// one\n// two\n' + SPACE_TEXT);
        const result = await panel.reveal(source, 'kernel width 5');
        expect(result?.outcome).toBe('relocated');
        expect(fake.calls.shown.at(-1)!.selection).toMatchObject({ start: { line: 5, character: 19 }, end: { line: 5, character: 20 } });
        expect(fake.calls.info.at(-1)).toBe('tiny.smash has changed since this run; selected the nearest match of kernel width 5.');

        writeFileSync(spaceFile, SPACE_TEXT.replace('kernel {3, 5}', 'kernel {3}'));
        expect((await panel.reveal(source, 'kernel width 5'))?.outcome).toBe('missing');
        expect(fake.calls.info.at(-1)).toMatch(/kernel width 5 is no longer in it/);
        panel.dispose();
    });

    test('export writes the chosen architecture where the save dialog says; select is remembered', async () => {
        const dir = runDir('export', []);
        const panel = await ResultsPanel.show(host, dir);
        await panel.handleMessage({ type: 'select', id: 'id3' });
        expect(panel.selectedId).toBe('id3');
        const target = join(root, 'exported.json');
        fake.answers.saveDialog = vscode.Uri.file(target);
        await panel.handleMessage({ type: 'export', id: 'id3', format: 'json' });
        expect(fake.created.at(-1)!.posted.at(-1)).toEqual({ type: 'exported', id: 'id3', summary: `exported architecture #3 to ${target}` });
        const saved = JSON.parse(readFileSync(target, 'utf8'));
        expect(saved).toMatchObject({ run: 'run-1', space: 'Tiny', rank: 3, id: 'id3', retrained: { testError: 0.25 } });
        expect(saved.architecture.blocks[0].ops).toHaveLength(2);
        fake.answers.saveDialog = undefined;
        panel.dispose();
    });

    test('a run without results cannot be shown, and says why', async () => {
        const dir = runDir('no-results', []);
        rmSync(join(dir, 'results.json'));
        await expect(ResultsPanel.show(host, dir)).rejects.toThrow(/has no results yet/);
        writeFileSync(join(dir, 'results.json'), '{"oops"');
        await expect(ResultsPanel.show(host, dir)).rejects.toThrow(/is not a readable results file/);
    });
});
