/** Runs the built `smash` command as a user would and captures what it prints. */
import { spawnSync } from 'node:child_process';

export interface CliResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

export function smash(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string>; timeout?: number } = {}): CliResult {
    const result = spawnSync(process.execPath, [new URL('../../bin/smash.cjs', import.meta.url).pathname, ...args], {
        cwd: options.cwd, input: options.input, encoding: 'utf8', timeout: options.timeout ?? 120_000,
        env: options.env === undefined ? undefined : { ...process.env, ...options.env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
