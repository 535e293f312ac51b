import { mkdtempSync, readFileSync, writeFileSync, readdirSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeJsonAtomic } from '../../src/engine/run/atomic.js';
import { CheckpointError, loadCheckpoint, saveCheckpoint } from '../../src/engine/run/checkpoint.js';
import { EventLog, readEvents } from '../../src/engine/run/event-log.js';
import { parseEventLines } from '../../src/shared/event-lines.js';

const dir = () => mkdtempSync(join(tmpdir(), 'smash-run-'));

describe('checkpoint files', () => {
    test('round-trip arrays and metadata exactly', () => {
        const path = join(dir(), 'checkpoint.bin');
        const a = Float32Array.from({ length: 7 }, (_, i) => i * 0.5 - 1);
        const b = new Float32Array([Math.PI, -0, 1e-30]);
        saveCheckpoint(path, { meta: { step: 12, label: 'ü' }, arrays: { a: { shape: [7], data: a }, 'w/b': { shape: [1, 3], data: b } } });
        const loaded = loadCheckpoint<{ step: number; label: string }>(path)!;
        expect(loaded.meta).toEqual({ step: 12, label: 'ü' });
        expect(Array.from(loaded.arrays.a!.data)).toEqual(Array.from(a));
        expect(Array.from(loaded.arrays['w/b']!.data)).toEqual(Array.from(b));
        expect(loaded.arrays['w/b']!.shape).toEqual([1, 3]);
        expect(readdirSync(join(path, '..'))).toEqual(['checkpoint.bin']);
    });

    test('a missing file is no checkpoint; a torn or foreign one is a clear error', () => {
        const d = dir();
        expect(loadCheckpoint(join(d, 'none.bin'))).toBeUndefined();
        const path = join(d, 'checkpoint.bin');
        saveCheckpoint(path, { meta: {}, arrays: { a: { shape: [100], data: new Float32Array(100) } } });
        writeFileSync(path, readFileSync(path).subarray(0, 200));
        expect(() => loadCheckpoint(path)).toThrow(CheckpointError);
        expect(() => loadCheckpoint(path)).toThrow(/checkpoint\.bin: not a usable checkpoint \(expected \d+ bytes, found 200\)/);
        writeFileSync(path, 'hello world, not a checkpoint');
        expect(() => loadCheckpoint(path)).toThrow(/wrong magic number/);
    });

    test('atomic JSON writes leave no temporary files', () => {
        const d = dir();
        writeJsonAtomic(join(d, 'results.json'), { ok: true });
        writeJsonAtomic(join(d, 'results.json'), { ok: 2 });
        expect(JSON.parse(readFileSync(join(d, 'results.json'), 'utf8'))).toEqual({ ok: 2 });
        expect(readdirSync(d)).toEqual(['results.json']);
    });
});

describe('event log', () => {
    test('appends timestamped lines that a reader parses back', () => {
        const path = join(dir(), 'events.jsonl');
        const log = new EventLog(path);
        log.emit({ type: 'phase', phase: 'train' });
        log.emit({ type: 'log', level: 'info', message: 'hello' });
        log.close();
        const events = readEvents(path);
        expect(events.map((e) => e.type)).toEqual(['phase', 'log']);
        expect(Date.parse(events[0]!.time)).not.toBeNaN();
    });

    test('a torn last line is skipped, and the next writer starts on a fresh line', () => {
        const path = join(dir(), 'events.jsonl');
        const log = new EventLog(path);
        log.emit({ type: 'phase', phase: 'train' });
        log.close();
        appendFileSync(path, '{"type":"epoch","ep');
        const partial = parseEventLines(readFileSync(path, 'utf8'));
        expect(partial.events).toHaveLength(1);
        expect(partial.consumed).toBe(readFileSync(path, 'utf8').indexOf('{"type":"epoch"'));
        const again = new EventLog(path);
        again.emit({ type: 'phase', phase: 'rank' });
        again.close();
        expect(readEvents(path).map((e) => e.type === 'phase' && e.phase)).toEqual(['train', 'rank']);
    });
});
