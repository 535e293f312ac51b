/**
 * The run's append-only event log (events.jsonl): one JSON object per line, flushed as it is
 * written so that the extension and `tail -f` can follow a run live. A process killed mid-write can
 * leave a partial last line; readers skip it (src/shared/event-lines.ts), and the next writer starts a fresh line.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseEventLines } from '../../shared/event-lines.js';
import type { RunEvent } from '../../shared/protocol.js';

export type Timeless<E> = E extends unknown ? Omit<E, 'time'> : never;

/** Where a loop sends its events: the run's EventLog, or a worker's channel to it. */
export interface EventSink {
    emit(event: Timeless<RunEvent>): void;
}

export class EventLog {
    private readonly fd: number;

    constructor(readonly path: string, private readonly echo?: (event: RunEvent) => void) {
        const endsMidLine = existsSync(path) && !/(^|\n)$/.test(readFileSync(path, 'utf8').slice(-1));
        this.fd = openSync(path, 'a');
        if (endsMidLine) writeSync(this.fd, '\n');
    }

    emit(event: Timeless<RunEvent>): RunEvent {
        const full = { ...event, time: new Date().toISOString() } as RunEvent;
        writeSync(this.fd, JSON.stringify(full) + '\n');
        this.echo?.(full);
        return full;
    }

    close(): void {
        closeSync(this.fd);
    }
}

export function readEvents(path: string): RunEvent[] {
    return existsSync(path) ? parseEventLines(readFileSync(path, 'utf8') + '\n').events : [];
}
