import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { RunSession } from '../../src/extension/run-session.js';

const root = mkdtempSync(join(tmpdir(), 'smash-session-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const FAKE = join(import.meta.dirname, 'fake-engine.cjs');

function start(mode: string, options: { nodePath?: string; stopGraceMs?: number } = {}) {
    const runDir = join(root, `${mode}-${Math.random().toString(36).slice(2)}`);
    const lines: string[] = [];
    const output = { append: (text: string) => lines.push(text), appendLine: (text: string) => lines.push(text + '\n') };
    const session = new RunSession({
        runDir, name: 'Fake', output, pollMs: 50, stopGraceMs: options.stopGraceMs,
        launch: { cliPath: FAKE, args: ['search', '/w/tiny.smash', '--run-dir', runDir, '--fake', mode], cwd: root, nodePath: options.nodePath },
    });
    return { session, runDir, output: () => lines.join('') };
}

async function until(check: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
    if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('a run session', () => {
    test('a completed run (engine forked on this runtime): progress from the events, output in the channel', async () => {
        const { session, runDir, output } = start('complete');
        expect(await session.finished).toEqual({ status: 'completed', message: 'finished' });
        expect(session.progress.manifest?.name).toBe('Fake');
        expect(session.progress.end?.status).toBe('completed');
        expect(session.running).toBe(false);
        expect(existsSync(join(runDir, 'results.json'))).toBe(true);
        expect(output()).toContain('fake engine: complete');
        expect(output()).toMatch(/^\$ node .*fake-engine\.cjs search \/w\/tiny\.smash --run-dir /);
        expect(output()).toContain('[engine exited with code 0]');
    });

    test('a failing engine (spawned with a node path) is reported by its own reason, wherever it printed it', async () => {
        const usage = start('fail', { nodePath: process.execPath });
        expect(await usage.session.finished).toEqual({ status: 'failed', message: "--epochs needs a whole number, got 'x'" });
        const errors = start('errors', { nodePath: process.execPath });
        expect(await errors.session.finished).toEqual({ status: 'failed', message: 'tiny.smash has errors; fix them before searching' });
    });

    test('stop sends SIGTERM; the engine checkpoints, writes run-end and exits 130', async () => {
        const { session } = start('wait');
        await until(() => (session.progress.step ?? 0) >= 2, 'training steps');
        let changes = 0;
        session.onDidChange(() => changes++);
        session.stop();
        expect(session.stopping).toBe(true);
        expect(await session.finished).toEqual({ status: 'stopped', message: 'stopped' });
        expect(session.progress.checkpoints).toBe(1);
        expect(changes).toBeGreaterThan(0);
    });

    test('an engine that ignores SIGTERM is killed after the grace period', async () => {
        const { session, output } = start('deaf', { stopGraceMs: 300 });
        await until(() => session.progress.manifest !== undefined, 'the run to start');
        session.stop();
        expect((await session.finished).status).toBe('stopped');
        expect(output()).toContain('did not stop within 0.3 s of SIGTERM');
        expect(output()).toContain('[engine killed by SIGKILL]');
    });

    test('a node executable that does not exist is reported, not thrown', async () => {
        const { session } = start('complete', { nodePath: join(root, 'no-such-node') });
        const outcome = await session.finished;
        expect(outcome.status).toBe('failed');
        expect(outcome.message).toMatch(/^could not start the engine: .*ENOENT/);
    });
});
