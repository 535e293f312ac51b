import { describe, expect, test } from 'vitest';
import { describeExit, STOPPED_EXIT_CODE } from '../../src/extension/run-outcome.js';

const base = { code: null, signal: null, stopRequested: false };

describe('why an engine ended', () => {
    test('a run-end event is the engine\'s own word', () => {
        expect(describeExit({ ...base, code: 0, runEnd: { status: 'completed' } })).toEqual({ status: 'completed', message: 'finished' });
        expect(describeExit({ ...base, code: 1, runEnd: { status: 'failed', message: 'out of memory' } })).toEqual({ status: 'failed', message: 'out of memory' });
        expect(describeExit({ ...base, code: 1, runEnd: { status: 'failed' }, reason: 'smash: disk full' })).toEqual({ status: 'failed', message: 'disk full' });
    });

    test("without one: stopped by SIGTERM, the engine's reason, or the exit code", () => {
        expect(describeExit({ ...base, code: STOPPED_EXIT_CODE })).toEqual({ status: 'stopped', message: 'stopped' });
        expect(describeExit({ ...base, signal: 'SIGKILL', stopRequested: true }).status).toBe('stopped');
        expect(describeExit({ ...base, code: 1, reason: 'smash: tiny.smash:3:5: unknown op family' }))
            .toEqual({ status: 'failed', message: 'tiny.smash:3:5: unknown op family' });
        expect(describeExit({ ...base, code: 3 })).toEqual({ status: 'failed', message: 'the engine exited with code 3' });
        expect(describeExit({ ...base, signal: 'SIGSEGV' })).toEqual({ status: 'failed', message: 'the engine was killed (SIGSEGV)' });
    });

    test('a process that never started says why', () => {
        expect(describeExit({ ...base, spawnError: 'spawn /nope ENOENT' })).toEqual({ status: 'failed', message: 'could not start the engine: spawn /nope ENOENT' });
    });
});
