/**
 * A run this window started: the engine process and a follower of its events.jsonl, folded into a
 * RunProgress that the status bar, the progress notification and the run's end report read.
 * No `vscode` import: tests run it against a stand-in engine script.
 */
import { join } from 'node:path';
import { initialProgress, foldEvent, type RunProgress } from '../webview/common/run-progress.js';
import { RUN_FILES } from '../shared/protocol.js';
import { EngineProcess, type EngineLaunch, type OutputSink } from './engine-process.js';
import { describeExit, type Outcome } from './run-outcome.js';
import { RunFollower } from './run-follower.js';

export interface SessionOptions {
    runDir: string;
    name: string;
    launch: EngineLaunch;
    output: OutputSink;
    /** How often the event log is polled besides fs.watch. */
    pollMs?: number;
    stopGraceMs?: number;
}

export class RunSession {
    readonly runDir: string;
    readonly name: string;
    /** Settles when the engine has exited and its last events have been read. */
    readonly finished: Promise<Outcome>;
    private current: RunProgress = initialProgress();
    private readonly engine: EngineProcess;
    private readonly follower: RunFollower;
    private readonly listeners = new Set<() => void>();

    constructor(options: SessionOptions) {
        this.runDir = options.runDir;
        this.name = options.name;
        this.follower = new RunFollower(join(options.runDir, RUN_FILES.events), {
            events: (events) => {
                for (const event of events) foldEvent(this.current, event);
                this.fire();
            },
            reset: () => {
                this.current = initialProgress();
                this.fire();
            },
            error: (error) => options.output.appendLine(`[cannot read ${RUN_FILES.events}: ${error.message}]`),
        }, options.pollMs ?? 500);
        this.engine = new EngineProcess(options.launch, options.output, options.stopGraceMs);
        this.follower.start();
        this.finished = this.engine.exited.then(async (exit) => {
            await this.follower.poll();
            this.follower.dispose();
            const outcome = describeExit({
                ...exit,
                runEnd: this.current.end,
                reason: this.engine.reason,
                stopRequested: this.engine.stopRequested,
            });
            this.fire();
            return outcome;
        });
    }

    get progress(): Readonly<RunProgress> {
        return this.current;
    }

    get running(): boolean {
        return this.engine.running;
    }

    get stopping(): boolean {
        return this.engine.stopRequested && this.engine.running;
    }

    stop(): void {
        this.engine.stop();
        this.fire();
    }

    /** Called after every batch of events and when the engine exits. */
    onDidChange(listener: () => void): { dispose(): void } {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    }

    private fire(): void {
        for (const listener of [...this.listeners]) listener();
    }
}
