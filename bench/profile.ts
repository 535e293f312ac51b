/**
 * Where a training step's time goes: a few steps (after warm-up steps) under tf.profile; every
 * kernel call's time is its minimum over those steps (the steps run the same kernels in the same
 * order), which filters out the moments other processes took the core. Kernel times are summed by
 * kernel name; the rest of the step's wall time is spent outside kernels (JavaScript: autodiff
 * bookkeeping, tensor creation, the optimiser's loop). `npm run bench -- --profile SPACE:MODE:BATCH`.
 * 'forward' entries are tf.customGrad scopes, whose kernels are also counted on their own.
 */
import { tf } from '../src/engine/backend/tf.js';
import { loadFixed, type SpaceKey } from './fixed.js';
import { stepper, type TrainMode } from './train-speed.js';

export interface ProfileFigures {
    wallMs: number;
    kernelMs: number;
    kernels: Array<{ name: string; calls: number; ms: number }>;
}

export async function profileStep(key: SpaceKey, mode: TrainMode, batch: number, warmup: number): Promise<ProfileFigures> {
    const fixed = await loadFixed(key);
    const repeats = 3;
    const { next } = await stepper(fixed, mode, batch, warmup + repeats);
    for (let i = 0; i < warmup; i++) await next();
    // Profiling reads every kernel's output to check it for NaN unless told not to.
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
    let wallMs = Infinity;
    let best: Array<{ name: string; ms: number }> | undefined;
    for (let r = 0; r < repeats; r++) {
        const start = performance.now();
        const profile = await tf.profile(async () => { await next(); });
        wallMs = Math.min(wallMs, performance.now() - start);
        const calls = profile.kernels.map((k) => ({ name: k.name, ms: k.kernelTimeMs as number }));
        if (best && best.length !== calls.length) throw new Error('profiled steps ran different kernels');
        best = best ? best.map((b, i) => ({ name: b.name, ms: Math.min(b.ms, calls[i]!.ms) })) : calls;
    }
    const byName = new Map<string, { calls: number; ms: number }>();
    for (const k of best!) {
        const entry = byName.get(k.name) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += k.ms;
        byName.set(k.name, entry);
    }
    const kernels = [...byName].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms);
    return { wallMs, kernelMs: kernels.filter((k) => k.name !== 'forward').reduce((s, k) => s + k.ms, 0), kernels };
}

export function printProfile(p: ProfileFigures): void {
    console.log(`step ${p.wallMs.toFixed(0)} ms wall (fastest profiled step); kernels ${p.kernelMs.toFixed(0)} ms; outside kernels ${(p.wallMs - p.kernelMs).toFixed(0)} ms`);
    for (const k of p.kernels.slice(0, 30)) {
        console.log(`  ${k.name.padEnd(28)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(1).padStart(9)} ms ${((100 * k.ms) / p.kernelMs).toFixed(1).padStart(5)} %`);
    }
}
