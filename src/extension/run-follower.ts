/**
 * Follows a run's events.jsonl while the engine appends to it: fs.watch for promptness, polling
 * because fs.watch misses changes on some file systems (network drives, containers) and cannot
 * watch a directory the engine has not created yet. No `vscode` import: tests drive it directly.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseEventLines } from '../shared/event-lines.js';
import type { RunEvent } from '../shared/protocol.js';

/**
 * Turns the bytes of events.jsonl, in pieces of any size, into events. A piece may end inside a
 * line or inside a multi-byte character; both wait for the next piece.
 */
export class EventLineBuffer {
    private readonly decoder = new StringDecoder('utf8');
    private pending = '';

    push(bytes: Uint8Array): RunEvent[] {
        this.pending += this.decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        const { events, consumed } = parseEventLines(this.pending);
        this.pending = this.pending.slice(consumed);
        return events;
    }

    /** The unfinished last line, if any. */
    get partial(): string {
        return this.pending;
    }
}

export interface FollowerListener {
    events(events: RunEvent[]): void;
    /** The file was truncated or replaced: forget what came before, events follow again from its start. */
    reset(): void;
    error?(error: Error): void;
}

const CHUNK = 1 << 20;

export class RunFollower {
    private offset = 0;
    private inode?: number;
    private buffer = new EventLineBuffer();
    private watcher?: FSWatcher;
    private timer?: ReturnType<typeof setInterval>;
    private reading?: Promise<void>;
    private readAgain = false;
    private disposed = false;

    constructor(readonly file: string, private readonly listener: FollowerListener, private readonly pollMs = 1000) {}

    start(): void {
        this.timer = setInterval(() => void this.poll(), this.pollMs);
        void this.poll();
    }

    /**
     * Reads what was appended since the last read. Calls made while a read is running fold into one
     * more read, and the promise settles once the file has been read up to at least the time of the call.
     */
    poll(): Promise<void> {
        if (this.disposed) return Promise.resolve();
        if (this.reading) {
            this.readAgain = true;
            return this.reading;
        }
        this.reading = (async () => {
            do {
                this.readAgain = false;
                this.ensureWatcher();
                try {
                    await this.readNew();
                } catch (error) {
                    this.listener.error?.(error as Error);
                }
            } while (this.readAgain && !this.disposed);
        })().finally(() => {
            this.reading = undefined;
        });
        return this.reading;
    }

    dispose(): void {
        this.disposed = true;
        if (this.timer) clearInterval(this.timer);
        this.watcher?.close();
        this.watcher = undefined;
    }

    private async readNew(): Promise<void> {
        let info;
        try {
            info = await stat(this.file);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
            throw error;
        }
        if (info.size < this.offset || (this.inode !== undefined && info.ino !== this.inode)) {
            this.offset = 0;
            this.buffer = new EventLineBuffer();
            if (!this.disposed) this.listener.reset();
        }
        this.inode = info.ino;
        if (info.size === this.offset) return;
        const handle = await open(this.file, 'r');
        try {
            while (this.offset < info.size && !this.disposed) {
                const chunk = Buffer.alloc(Math.min(CHUNK, info.size - this.offset));
                const { bytesRead } = await handle.read(chunk, 0, chunk.length, this.offset);
                if (bytesRead === 0) break;
                this.offset += bytesRead;
                const events = this.buffer.push(chunk.subarray(0, bytesRead));
                if (events.length > 0 && !this.disposed) this.listener.events(events);
            }
        } finally {
            await handle.close();
        }
    }

    /** Watches the run directory once it exists; a watcher that fails leaves polling alone. */
    private ensureWatcher(): void {
        if (this.watcher || this.disposed) return;
        try {
            this.watcher = watch(dirname(this.file), (_kind, name) => {
                if (name === null || name === basename(this.file)) void this.poll();
            });
            this.watcher.on('error', () => {
                this.watcher?.close();
                this.watcher = undefined;
            });
        } catch {
            // The directory does not exist yet (the engine creates it) or cannot be watched: poll.
        }
    }
}
