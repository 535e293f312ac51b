/**
 * One engine process (`node out/cli/main.cjs search|resume …`), run without a shell. By default it
 * runs on VS Code's own runtime through `fork`, which sets ELECTRON_RUN_AS_NODE for an Electron
 * host; `smash.engine.nodePath` picks another node. Its stdout and stderr go to the "SMASH" output
 * channel. No `vscode` import: the channel is anything with append/appendLine.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';

export interface OutputSink {
    append(text: string): void;
    appendLine(text: string): void;
}

export interface EngineLaunch {
    /** out/cli/main.cjs of this extension. */
    cliPath: string;
    args: string[];
    cwd: string;
    /** A node executable; undefined: the extension host's runtime. */
    nodePath?: string;
}

export interface EngineExit {
    code: number | null;
    signal: string | null;
    spawnError?: string;
}

/** How long the engine may take to checkpoint after SIGTERM before it is killed. */
export const STOP_GRACE_MS = 60_000;

export class EngineProcess {
    readonly exited: Promise<EngineExit>;
    private readonly child: ChildProcess;
    private readonly tails = { stdout: '', stderr: '' };
    private lastStderrLine: string | undefined;
    private lastSmashLine: string | undefined;
    private killTimer?: ReturnType<typeof setTimeout>;
    private done = false;
    stopRequested = false;

    constructor(launch: EngineLaunch, private readonly output: OutputSink, private readonly graceMs = STOP_GRACE_MS) {
        output.appendLine(`$ ${[launch.nodePath ?? 'node', launch.cliPath, ...launch.args].map(quote).join(' ')}`);
        this.child = launch.nodePath === undefined
            // execArgv []: the extension host's own flags (e.g. --inspect) must not reach the engine.
            ? fork(launch.cliPath, launch.args, { cwd: launch.cwd, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
            : spawn(launch.nodePath, [launch.cliPath, ...launch.args], { cwd: launch.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
        for (const stream of ['stdout', 'stderr'] as const) {
            this.child[stream]?.setEncoding('utf8').on('data', (text: string) => {
                output.append(text);
                this.note(stream, text);
            });
        }
        this.exited = new Promise((resolve) => {
            this.child.on('error', (error) => {
                // 'error' without a pid: the process never started (e.g. nodePath does not exist).
                if (this.child.pid === undefined && !this.done) {
                    this.done = true;
                    output.appendLine(`could not start the engine: ${error.message}`);
                    resolve({ code: null, signal: null, spawnError: error.message });
                }
            });
            this.child.on('close', (code, signal) => {
                if (this.done) return;
                this.done = true;
                if (this.killTimer) clearTimeout(this.killTimer);
                this.note('stdout', '\n');
                this.note('stderr', '\n');
                output.appendLine(signal ? `[engine killed by ${signal}]` : `[engine exited with code ${code}]`);
                resolve({ code, signal });
            });
        });
    }

    get running(): boolean {
        return !this.done;
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /**
     * The engine's own one-line explanation of a failure: its last line starting "smash:" on either
     * stream (a file with errors is reported on stdout), else its last line on stderr.
     */
    get reason(): string | undefined {
        return this.lastSmashLine ?? this.lastStderrLine;
    }

    /** SIGTERM: the engine checkpoints and exits; if it has not after the grace period, SIGKILL. */
    stop(): void {
        if (this.done) return;
        this.stopRequested = true;
        this.child.kill('SIGTERM');
        this.killTimer ??= setTimeout(() => {
            if (this.done) return;
            this.output.appendLine(`[the engine did not stop within ${this.graceMs / 1000} s of SIGTERM; killing it]`);
            this.child.kill('SIGKILL');
        }, this.graceMs);
    }

    private note(stream: 'stdout' | 'stderr', text: string): void {
        const lines = (this.tails[stream] + text).split(/\r?\n/);
        this.tails[stream] = lines.pop() ?? '';
        for (const raw of lines) {
            const line = raw.trim();
            if (line === '') continue;
            if (line.startsWith('smash:')) this.lastSmashLine = line;
            if (stream === 'stderr') this.lastStderrLine = line;
        }
    }
}

function quote(arg: string): string {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
