/**
 * `npm run gpu-check`: is this machine's GPU usable for SMASH through WebGPU, correct and fast?
 * Prints the adapter, then for each example space (fashion-tiny, smash-v2-cifar10) one SMASH
 * training step and one retraining step at batch 64 on synthetic images:
 *   - correctness: loss and every parameter gradient on webgpu against wasm (itself checked against
 *     the cpu backend by the test suite), as max |webgpu - wasm| / max |wasm| per tensor;
 *   - speed: the first step (shader compiles included) and the median of the next steps, webgpu
 *     and wasm, forward + backward + optimiser update.
 * Writes everything to one JSON file (--out, default gpu-check.json).
 *
 * Options: --out FILE, --batch N (64), --steps N (timed steps after the first, 5), --space NAME
 * (repeatable; default fashion-tiny and smash-v2-cifar10), --examples DIR
 * (where the .smash files are; default ./examples, or next to this file in a packed folder),
 * --allow-software (run on a software adapter, which says nothing about GPU speed).
 * Environment: SMASH_DAWN_FLAGS as for the engine (e.g. backend=vulkan, adapter=NAME).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend, type BackendInfo } from '../engine/backend/backend.js';
import { probeAdapter } from '../engine/backend/backend-webgpu.js';
import { describeAdapter } from '../shared/backend-label.js';
import type { SearchSpace } from '../engine/space/space.js';
import { checkedSpace } from '../cli/progress.js';
import { measureStep, type StepKind } from './step.js';
import { maxRelativeError } from '../engine/relative-error.js';

const { values } = parseArgs({
    options: {
        out: { type: 'string', default: 'gpu-check.json' }, batch: { type: 'string', default: '64' },
        steps: { type: 'string', default: '5' }, examples: { type: 'string' }, 'allow-software': { type: 'boolean' },
        space: { type: 'string', multiple: true, default: ['fashion-tiny', 'smash-v2-cifar10'] },
    },
});
const batch = Number(values.batch);
const steps = Number(values.steps);
const say = (line: string) => process.stdout.write(`${line}\n`);

function examplesDir(): string {
    if (values.examples !== undefined) return resolve(values.examples);
    const packed = join(dirname(process.argv[1] ?? '.'), 'examples');
    return existsSync(packed) ? packed : resolve('examples');
}

async function main(): Promise<number> {
    say(`gpu-check: Node ${process.version}, ${process.platform}-${process.arch}`);
    const adapter = await probeAdapter();
    if (typeof adapter === 'string') {
        say(`No usable GPU: ${adapter}.`);
        say('Needs: the npm package webgpu (in node_modules, or this packed folder) and a GPU driver: Vulkan on Linux ' +
            '(`vulkaninfo --summary` lists the GPU; in a container NVIDIA_DRIVER_CAPABILITIES must include graphics, and libegl1 libxext6 be installed), D3D12 on Windows, Metal on macOS.');
        return 1;
    }
    say(`adapter: ${describeAdapter(adapter)}`);
    if (adapter.isFallbackAdapter && values['allow-software'] !== true) {
        say('This is a software adapter: no GPU driver is usable. Fix the driver, or pass --allow-software to check the code path anyway.');
        return 1;
    }
    const report: { adapter: typeof adapter; batch: number; steps: number; node: string; date: string; backends: Record<string, BackendInfo>; results: unknown[] } = {
        adapter, batch, steps, node: process.version, date: new Date().toISOString(), backends: {}, results: [],
    };
    let worst = 0;
    for (const name of values.space!) {
        const space: SearchSpace | undefined = await checkedSpace(join(examplesDir(), `${name}.smash`), say);
        if (space === undefined) return 1;
        for (const kind of ['smash', 'retrain'] as StepKind[]) {
            report.backends.wasm = await selectBackend('wasm');
            const wasm = await measureStep(space, kind, batch, steps);
            report.backends.webgpu = await selectBackend('webgpu');
            const gpu = await measureStep(space, kind, batch, steps);
            const errors = gpu.values.map((v, i) => maxRelativeError(v, wasm.values[i]!));
            const maxError = Math.max(...errors);
            worst = Math.max(worst, maxError);
            report.results.push({
                space: name, step: kind, tensors: errors.length, maxRelativeError: maxError,
                webgpu: { firstStepMs: gpu.firstMs, medianStepMs: gpu.medianMs }, wasm: { firstStepMs: wasm.firstMs, medianStepMs: wasm.medianMs },
            });
            say(`${name} ${kind} step, batch ${batch}: webgpu ${gpu.medianMs.toFixed(0)} ms (first ${gpu.firstMs.toFixed(0)} ms), ` +
                `wasm ${wasm.medianMs.toFixed(0)} ms (first ${wasm.firstMs.toFixed(0)} ms), speed-up ${(wasm.medianMs / gpu.medianMs).toFixed(2)}x; ` +
                `${errors.length} tensors, max relative error ${maxError.toExponential(1)}`);
        }
    }
    writeFileSync(values.out!, JSON.stringify(report, null, 2) + '\n');
    // Whole-network gradients drift along the backward chain (test/engine/webgpu/ops.test.ts): 1e-2 is seen on a software adapter.
    const ok = worst < 3e-2;
    say(`${ok ? 'OK' : 'MISMATCH'}: worst relative error ${worst.toExponential(1)} (limit 3e-2); report in ${values.out}`);
    return ok ? 0 : 1;
}

main().then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
        process.stderr.write(`gpu-check: ${(error as Error)?.message ?? String(error)}\n`);
        process.exitCode = 1;
    },
);
