/**
 * The PyTorch reference run: the architecture written as JSON for bench/torch_ref.py, which builds
 * the same network and times the same training step with Debian's python3-torch. Absent torch is
 * not an error; the report says how to get it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, type Fixed } from './fixed.js';

export const PYTHON = '/usr/bin/python3';
export const TORCH_HINT = 'PyTorch reference skipped: /usr/bin/python3 cannot import torch. Install it with `sudo apt-get install -y --no-install-recommends python3-torch` (Debian/Ubuntu, about 3 minutes).';

export interface TorchFigures {
    torch: string;
    threads: number;
    /** OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep instead of spinning. */
    passive: boolean;
    batch: number;
    macs: number;
    wallMs: number;
    cpuMs: number;
    samples: number;
    load: [number, number];
}

export function torchAvailable(): boolean {
    if (!existsSync(PYTHON)) return false;
    return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/**
 * PyTorch's best time for `fixed`'s architecture as a network of its own (retraining) on the CPU,
 * over three thread settings: all cores (as a user runs it), all cores with passive OpenMP waiting,
 * and one thread. On a busy machine spinning OpenMP threads can make the first ten times slower
 * than the last; the best of the three is the reference, and all three are kept.
 */
export function timeTorch(fixed: Fixed, batch: number, steps: number, warmup: number, cores: number): TorchFigures & { tried: TorchFigures[] } {
    const configs = [{ threads: cores, passive: false }, { threads: cores, passive: true }, { threads: 1, passive: false }];
    const tried = configs.map((c) => timeTorchWith(fixed, batch, steps, warmup, c.threads, c.passive));
    const best = tried.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    return { ...best, tried };
}

function timeTorchWith(fixed: Fixed, batch: number, steps: number, warmup: number, threads: number, passive: boolean): TorchFigures {
    const { space, arch } = fixed;
    const dir = mkdtempSync(join(tmpdir(), 'smash-bench-'));
    try {
        const net = join(dir, 'net.json');
        writeFileSync(net, JSON.stringify({
            input: space.input, classes: space.classes, unit: space.unit, stem: space.stem, transitions: space.transitions,
            optimizer: space.retrain.optimizer, weightDecay: space.retrain.weightDecay, arch,
        }));
        const args = [join(ROOT, 'bench/torch_ref.py'), net, '--batch', `${batch}`, '--steps', `${steps}`, '--warmup', `${warmup}`, '--threads', `${threads}`];
        const env = { ...process.env, ...(passive ? { OMP_WAIT_POLICY: 'PASSIVE' } : {}) };
        const run = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24, env });
        if (run.status !== 0) throw new Error(`bench/torch_ref.py failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        return { ...(JSON.parse(run.stdout.trim().split('\n').pop()!) as Omit<TorchFigures, 'passive'>), passive };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
