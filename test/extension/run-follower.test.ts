import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EventLineBuffer, RunFollower } from '../../src/extension/run-follower.js';
import type { RunEvent } from '../../src/shared/protocol.js';

const T = '2026-11-28T10:00:00.000Z';
const log = (message: string): RunEvent => ({ type: 'log', time: T, level: 'info', message });
const line = (event: RunEvent) => JSON.stringify(event) + '\n';
const messages = (events: RunEvent[]) => events.map((e) => (e.type === 'log' ? e.message : e.type));

describe('EventLineBuffer', () => {
    test('a line split across reads, even inside a multi-byte character, comes out whole once', () => {
        const bytes = Buffer.from(line(log('α → ω')) + line(log('two')));
        const buffer = new EventLineBuffer();
        const cut = bytes.indexOf(Buffer.from('→')) + 1; // in the middle of the 3-byte arrow
        expect(buffer.push(bytes.subarray(0, cut))).toEqual([]);
        expect(buffer.partial.length).toBeGreaterThan(0);
        expect(messages(buffer.push(bytes.subarray(cut, cut + 40)))).toEqual(['α → ω']);
        expect(messages(buffer.push(bytes.subarray(cut + 40)))).toEqual(['two']);
        expect(buffer.partial).toBe('');
    });

    test('torn or blank lines are skipped and the rest is read', () => {
        const buffer = new EventLineBuffer();
        expect(messages(buffer.push(Buffer.from(`{"type":"log","ti\n\n${line(log('after'))}`)))).toEqual(['after']);
    });
});

describe('RunFollower', () => {
    let dir: string;
    let file: string;
    let seen: string[];
    let resets: number;
    let follower: RunFollower;

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'smash-follow-'));
        file = join(dir, 'run', 'events.jsonl');
        seen = [];
        resets = 0;
        // A long poll interval: the test drives reads with poll() (fs.watch may add reads, never events twice).
        follower = new RunFollower(file, { events: (e) => seen.push(...messages(e)), reset: () => resets++ }, 60_000);
        follower.start();
    });

    afterEach(() => {
        follower.dispose();
        rmSync(dir, { recursive: true, force: true });
    });

    test('waits for the run directory and file to appear, then follows appends and partial lines', async () => {
        await follower.poll();
        expect(seen).toEqual([]);
        mkdirSync(join(dir, 'run'));
        writeFileSync(file, line(log('one')) + line(log('two')).slice(0, 10));
        await follower.poll();
        expect(seen).toEqual(['one']);
        appendFileSync(file, line(log('two')).slice(10) + line(log('three')));
        await follower.poll();
        expect(seen).toEqual(['one', 'two', 'three']);
        await follower.poll();
        expect(seen).toEqual(['one', 'two', 'three']);
    });

    test('a truncated or replaced file starts over from its beginning', async () => {
        mkdirSync(join(dir, 'run'));
        writeFileSync(file, line(log('old-1')) + line(log('old-2')));
        await follower.poll();
        truncateSync(file, 0);
        appendFileSync(file, line(log('new')));
        await follower.poll();
        expect(resets).toBe(1);
        expect(seen).toEqual(['old-1', 'old-2', 'new']);

        // Replaced by a longer file (a new inode): the size alone would not show it.
        const other = join(dir, 'run', 'other.jsonl');
        writeFileSync(other, line(log('replaced-1')) + line(log('replaced-2')) + line(log('replaced-3')));
        renameSync(other, file);
        await follower.poll();
        expect(resets).toBe(2);
        expect(seen.slice(3)).toEqual(['replaced-1', 'replaced-2', 'replaced-3']);
    });

    test('concurrent polls read each line once', async () => {
        mkdirSync(join(dir, 'run'));
        writeFileSync(file, '');
        const writes: Promise<void>[] = [];
        for (let i = 0; i < 50; i++) {
            appendFileSync(file, line(log(`m${i}`)));
            writes.push(follower.poll());
        }
        await Promise.all(writes);
        await follower.poll();
        expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
    });
});
