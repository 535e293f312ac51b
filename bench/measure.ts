/**
 * Timing on a shared machine: every sample records wall time and the process's CPU time (user +
 * system, all threads), and every figure carries the load average it was measured under. Wall time
 * is what a user waits; CPU time shows the work done, which competing processes inflate far less.
 */
import { loadavg } from 'node:os';

export interface Sample {
    wallMs: number;
    cpuMs: number;
}

export interface Timed {
    /** Medians over the samples. */
    wallMs: number;
    cpuMs: number;
    samples: number;
    /** 1-minute load average before and after. */
    load: [number, number];
}

/** Times `f` once per call; the caller decides what one sample is. */
export async function sample(f: () => unknown): Promise<Sample> {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await f();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** `warmup` untimed calls, then `count` timed ones; medians of each. */
export async function timeRepeated(count: number, warmup: number, f: (i: number) => unknown): Promise<Timed> {
    for (let i = 0; i < warmup; i++) await f(i);
    const before = loadavg()[0]!;
    const samples: Sample[] = [];
    for (let i = 0; i < count; i++) samples.push(await sample(() => f(warmup + i)));
    return {
        wallMs: median(samples.map((s) => s.wallMs)),
        cpuMs: median(samples.map((s) => s.cpuMs)),
        samples: count,
        load: [before, loadavg()[0]!],
    };
}

export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
    return process.resourceUsage().maxRSS / 1024;
}
