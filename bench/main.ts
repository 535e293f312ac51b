/**
 * `npm run bench`: engine speed on this machine (not part of the tests).
 *   - training images/s and effective GFLOP/s of a fixed architecture of two fixed spaces, for a
 *     search (SMASH) step and a retraining step, at batch 64 and 8;
 *   - the same retraining step in PyTorch on the CPU, when /usr/bin/python3 has torch, and the ratio;
 *   - ranking throughput (architectures scored per second on 1,000 validation images);
 *   - peak memory of each measurement;
 *   - the language server's latency on a generated 2,000-line space file.
 * Options: --json (one JSON object on stdout), --quick (fewer steps), --backend NAME (default wasm),
 * --threads N (threads of the wasm backend's XNNPACK pool, default 1), --workers N[,M...]
 * (data-parallel threads per training step; each value is measured; default 1 and the number of
 * cores; the PyTorch ratio is taken against the last),
 * --spaces fashion-tiny,cifar, --batches 64,8, --no-torch, --no-rank, --no-lsp, --no-train;
 * `--print FILE` prints a report saved with --json as the table; `--profile SPACE:MODE:BATCH` prints
 * the kernel breakdown of one training step instead (bench/profile.ts).
 * Each measurement runs in a fresh process (bench/child.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BackendChoice } from '../src/engine/backend/backend.js';
import { runTask, type Task } from './child.js';
import { loadFixed, SPACES, type SpaceKey } from './fixed.js';
import { printProfile } from './profile.js';
import { printReport, type Report } from './report.js';
import { TORCH_HINT, timeTorch, torchAvailable } from './torch-ref.js';
import type { TrainMode } from './train-speed.js';

const argv = process.argv.slice(2);

if (argv[0] === '--child') {
    const figures = await runTask(JSON.parse(argv[1]!) as Task);
    process.stdout.write(JSON.stringify(figures) + '\n');
    // Worker threads (the threaded wasm build's pool, data-parallel workers) must not keep it alive.
    process.exit(0);
}

if (argv[0] === '--print') {
    // Prints a report saved with --json as the table.
    printReport(JSON.parse(readFileSync(argv[1]!, 'utf8')) as Report);
    process.exit(0);
}

const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
};
const quick = flag('quick');
const backend = option('backend', 'wasm') as BackendChoice;
const spaces = option('spaces', Object.keys(SPACES).join(',')).split(',') as SpaceKey[];
const batchSizes = option('batches', '64,8').split(',').map(Number);
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
for (const key of spaces) if (!(key in SPACES)) throw new Error(`unknown space '${key}': expected one of ${Object.keys(SPACES).join(', ')}`);

/** Runs one task in a child process and returns its figures. */
function child<T>(task: Task): T {
    const run = spawnSync(process.execPath, [process.argv[1]!, '--child', JSON.stringify(task)], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`the ${task.kind} measurement failed (exit ${run.status})`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
}

/** Timed and warm-up steps: enough for a stable median, few enough to finish in minutes. */
function steps(batch: number): { steps: number; warmup: number } {
    if (quick) return { steps: 2, warmup: 1 };
    return batch >= 32 ? { steps: 5, warmup: 2 } : { steps: 10, warmup: 3 };
}

const cpuList = cpus();
const threads = Number(option('threads', '1'));
const workers = option('workers', cpuList.length > 1 ? `1,${cpuList.length}` : '1').split(',').map(Number);

if (argv.includes('--profile')) {
    const [key, mode, batch] = option('profile', 'fashion-tiny:retrain:64').split(':') as [SpaceKey, TrainMode, string];
    printProfile(child({ kind: 'profile', backend, threads, space: key, mode, batch: Number(batch), warmup: 2 }));
    process.exit(0);
}

const report: Report = {
    date: new Date().toISOString(),
    machine: { cpu: cpuList[0]?.model ?? 'unknown', cores: cpuList.length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAtStart: loadavg() },
    backend,
    architectures: [],
    training: [],
    ranking: [],
};
const torch = !flag('no-torch') && torchAvailable();
if (!flag('no-torch') && !torch) report.torchNote = TORCH_HINT;
for (const key of spaces) {
    const fixed = await loadFixed(key);
    report.architectures.push({ space: key, file: SPACES[key], macs: fixed.macs, smashNetMacs: fixed.smashNetMacs, hypernetMacs: fixed.hypernetMacs, ops: fixed.arch.blocks.map((b) => b.ops.length) });
    if (!flag('no-train')) {
        for (const batch of batchSizes) {
            for (const mode of ['retrain', 'smash'] as const) {
                for (const count of workers) {
                    progress(`${key}: ${mode} step at batch ${batch} on ${backend}, ${count} worker(s)`);
                    report.training.push(child({ kind: 'train', backend, threads, workers: count, space: key, mode, batch, ...steps(batch) }));
                }
                const figures = report.training[report.training.length - 1]!;
                if (mode === 'retrain' && torch) {
                    progress(`${key}: the same step in PyTorch`);
                    figures.torch = timeTorch(fixed, batch, steps(batch).steps, steps(batch).warmup, cpuList.length);
                }
            }
        }
    }
    if (!flag('no-rank')) {
        progress(`${key}: ranking`);
        report.ranking.push(child({ kind: 'rank', backend, threads, space: key, architectures: quick ? 2 : 4, images: 1000 }));
    }
}
if (!flag('no-lsp')) {
    progress('language server');
    report.languageServer = child({ kind: 'lsp', lines: 2000, requests: 50 });
}
report.machine.loadAtEnd = loadavg();
if (flag('json')) process.stdout.write(JSON.stringify(report) + '\n');
else printReport(report);
