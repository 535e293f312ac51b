/**
 * The runs folder: naming new run directories and telling what state the existing ones are in.
 * No `vscode` import.
 */
import { existsSync } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseEventLines } from '../shared/event-lines.js';
import { RUN_FILES, type RunEvent, type RunManifest, type RunStatus } from '../shared/protocol.js';

/** `unfinished`: no run-end after the last run-start, and not started by this window (killed, or running elsewhere). */
export type RunState = RunStatus | 'running' | 'unfinished';

export interface RunSummary {
    dir: string;
    name: string;
    spaceFile?: string;
    createdAt: Date;
    state: RunState;
    message?: string;
    hasResults: boolean;
}

/** The state after the last (re)start of the run, from its events in order. */
export function runStateOf(events: readonly RunEvent[]): { state: RunStatus | 'unfinished'; message?: string } {
    let result: { state: RunStatus | 'unfinished'; message?: string } = { state: 'unfinished' };
    for (const event of events) {
        if (event.type === 'run-start') result = { state: 'unfinished' };
        else if (event.type === 'run-end') result = { state: event.status, message: event.message };
    }
    return result;
}

/** "fashion-tiny-20261128-142530" from a file's base name and a time (local time, sortable). */
export function newRunDirName(spaceName: string, now: Date): string {
    const slug = spaceName.replace(/\.smash$/i, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
    const p = (n: number) => String(n).padStart(2, '0');
    const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
    return `${slug}-${stamp}`;
}

/** A path under `root` that does not exist yet, for a new run. */
export function uniqueRunDir(root: string, name: string): string {
    let candidate = join(root, name);
    for (let i = 2; existsSync(candidate); i++) candidate = join(root, `${name}-${i}`);
    return candidate;
}

/** The run directories under `root`, newest first; a missing root holds no runs. */
export async function listRuns(root: string, isRunning: (dir: string) => boolean): Promise<RunSummary[]> {
    let entries;
    try {
        entries = await readdir(root, { withFileTypes: true });
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
    }
    const runs = await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => readRunSummary(join(root, e.name), isRunning)));
    return runs.filter((r): r is RunSummary => r !== undefined).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** What a run directory holds, or undefined when it is not one (neither a manifest nor events). */
export async function readRunSummary(dir: string, isRunning: (dir: string) => boolean): Promise<RunSummary | undefined> {
    const manifest = await readJson<RunManifest>(join(dir, RUN_FILES.manifest));
    const events = await readTailEvents(join(dir, RUN_FILES.events));
    if (!manifest && !events) return undefined;
    const hasResults = existsSync(join(dir, RUN_FILES.results));
    const { state, message } = runStateOf(events ?? []);
    const createdAt = manifest?.createdAt ? new Date(manifest.createdAt) : (await stat(dir)).mtime;
    return {
        dir,
        name: manifest?.name ?? basename(dir),
        spaceFile: manifest?.spaceFile,
        createdAt,
        state: state === 'unfinished' && isRunning(dir) ? 'running' : state,
        message,
        hasResults,
    };
}

/** Quick-pick texts for a run. */
export function describeRun(run: RunSummary): { label: string; description: string; detail: string } {
    const when = run.createdAt.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    const state = run.state === 'unfinished' ? 'unfinished (interrupted, or running elsewhere)' : run.state;
    return {
        label: run.name,
        description: `${state} · ${when}`,
        detail: run.message ? `${basename(run.dir)}: ${run.message}` : basename(run.dir),
    };
}

async function readJson<T>(path: string): Promise<T | undefined> {
    try {
        return JSON.parse(await readFile(path, 'utf8')) as T;
    } catch {
        return undefined;
    }
}

const TAIL_BYTES = 64 * 1024;

/**
 * The events in the last 64 KiB of events.jsonl. A run's end is always among its last lines, and a
 * run-start after it means the run was resumed, so the tail tells the state of a log of any length.
 */
async function readTailEvents(path: string): Promise<RunEvent[] | undefined> {
    let handle;
    try {
        handle = await open(path, 'r');
    } catch {
        return undefined;
    }
    try {
        const { size } = await handle.stat();
        const start = Math.max(0, size - TAIL_BYTES);
        const bytes = Buffer.alloc(size - start);
        await handle.read(bytes, 0, bytes.length, start);
        let text = bytes.toString('utf8');
        if (start > 0) text = text.slice(text.indexOf('\n') + 1);
        return parseEventLines(text + '\n').events;
    } finally {
        await handle.close();
    }
}
