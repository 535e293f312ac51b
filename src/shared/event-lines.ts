/** Reading events.jsonl, shared by the engine (resume), the CLI and the extension (live follow). */
import type { RunEvent } from './protocol.js';

/**
 * Parses complete lines of an events.jsonl text. Returns the events and how many characters were
 * consumed, so that a follower can keep the unfinished tail for its next read.
 */
export function parseEventLines(text: string): { events: RunEvent[]; consumed: number } {
    const events: RunEvent[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        const line = text.slice(start, end).trim();
        start = end + 1;
        if (line === '') continue;
        try {
            const value = JSON.parse(line) as RunEvent;
            if (value && typeof value === 'object' && typeof value.type === 'string') events.push(value);
        } catch {
            // A line torn by a killed writer: skipped, the log goes on after it.
        }
    }
    return { events, consumed: start };
}
