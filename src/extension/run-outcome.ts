/**
 * Why an engine process ended, in one sentence for a notification. No `vscode` import.
 */
import type { RunStatus } from '../shared/protocol.js';

export interface ExitFacts {
    code: number | null;
    signal: string | null;
    /** The last run-end event of the run, if the engine wrote one before exiting. */
    runEnd?: { status: RunStatus; message?: string };
    /** The engine's own one-line explanation (see EngineProcess.reason). */
    reason?: string;
    stopRequested: boolean;
    /** The process could not be started at all (e.g. the configured node executable does not exist). */
    spawnError?: string;
}

export interface Outcome {
    status: RunStatus;
    message: string;
}

/** The engine's exit status after SIGTERM: it checkpointed and stopped (128 + SIGINT's 2, as shells report ^C). */
export const STOPPED_EXIT_CODE = 130;

export function describeExit(facts: ExitFacts): Outcome {
    if (facts.spawnError !== undefined) return { status: 'failed', message: `could not start the engine: ${facts.spawnError}` };
    const reason = facts.reason?.replace(/^smash:\s*/, '').trim() || undefined;
    if (facts.runEnd) {
        const fallback = { completed: 'finished', stopped: 'stopped', failed: reason ?? exitText(facts) }[facts.runEnd.status];
        return { status: facts.runEnd.status, message: facts.runEnd.message || fallback };
    }
    if (facts.code === STOPPED_EXIT_CODE || (facts.stopRequested && facts.signal !== null)) {
        return { status: 'stopped', message: 'stopped' };
    }
    if (facts.code === 0) return { status: 'completed', message: 'finished' };
    return { status: 'failed', message: reason ?? exitText(facts) };
}

function exitText(facts: ExitFacts): string {
    if (facts.signal !== null) return `the engine was killed (${facts.signal})`;
    return `the engine exited with code ${facts.code ?? 'unknown'}`;
}
