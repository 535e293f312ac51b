/**
 * Picks the TensorFlow.js backend at run time, fastest first:
 *   tfjs-node-gpu (libtensorflow + CUDA) > webgpu on a hardware adapter (backend-webgpu.ts) >
 *   tfjs-node (libtensorflow, CPU) > wasm (1 thread in Node, SIMD) > cpu (plain JavaScript, ~100x
 *   slower than wasm for training: tests only).
 * The native packages are optionalDependencies whose install downloads libtensorflow, so they are
 * often absent; they are loaded with a computed `require` so that neither vitest nor esbuild
 * tries to resolve them ahead of time, and absence is not an error unless asked for by name.
 */
import { dirname, join } from 'node:path';
import { tf } from './tf.js';
import { installWasmKernels } from '../model/ops/wasm-kernels.js';
import { installWasmPatches } from './wasm-patch.js';
import { tryWebGpu, vulkanLoaderMissing } from './backend-webgpu.js';
import { packageVersion, req } from './package-require.js';
import type { BackendChoice, BackendInfo } from '../../shared/protocol.js';

export type { BackendChoice, BackendInfo };

export interface BackendOptions {
    /**
     * Directory (with trailing slash) holding the `tfjs-backend-wasm*.wasm` files. Default: the
     * installed package's `dist/`, or, when that cannot be resolved (a bundle shipped without
     * node_modules), the directory of the bundle itself.
     */
    wasmPaths?: string;
}

export class BackendUnavailableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'BackendUnavailableError';
    }
}

const TFJS_VERSION = '4.22.0';
const NATIVE: Record<'tensorflow-gpu' | 'tensorflow', { pkg: string; note: string }> = {
    'tensorflow-gpu': {
        pkg: '@tensorflow/tfjs-node-gpu',
        note: 'Its install step downloads libtensorflow 2.9.1 (GPU, needs CUDA 11.2 and cuDNN 8.1 at run time).',
    },
    tensorflow: {
        pkg: '@tensorflow/tfjs-node',
        note: 'Its install step downloads libtensorflow 2.9.1 (CPU).',
    },
};


let wasmPathsSet = false;

/**
 * Makes the chosen backend active and returns what it is. 'auto' takes the first that loads in
 * the order above; a named choice that cannot load throws a BackendUnavailableError that says
 * which package is missing and how to install it.
 */
export async function selectBackend(preferred: BackendChoice = 'auto', options: BackendOptions = {}): Promise<BackendInfo> {
    switch (preferred) {
        case 'tensorflow-gpu':
        case 'tensorflow': {
            const result = await tryNative(preferred);
            if (typeof result === 'string') throw new BackendUnavailableError(nativeMissing(preferred, result));
            return result;
        }
        case 'webgpu': {
            const result = await tryWebGpu(true);
            if (typeof result === 'string') throw new BackendUnavailableError(webGpuMissing(result));
            return result;
        }
        case 'wasm':
            return useWasm(options);
        case 'cpu':
            return useCpu();
        case 'auto': {
            const gpu = await tryNative('tensorflow-gpu');
            if (typeof gpu !== 'string') return gpu;
            const webgpu = vulkanLoaderMissing() ? 'no Vulkan loader' : await tryWebGpu(false);
            if (typeof webgpu !== 'string') return webgpu;
            const native = await tryNative('tensorflow');
            if (typeof native !== 'string') return native;
            try {
                return await useWasm(options);
            } catch {
                return useCpu();
            }
        }
        default:
            throw new BackendUnavailableError(
                `Unknown backend '${String(preferred)}': expected one of tensorflow-gpu, webgpu, tensorflow, wasm, cpu, auto.`,
            );
    }
}

/** The active backend, or a string saying why the package could not be used. */
async function tryNative(choice: 'tensorflow-gpu' | 'tensorflow'): Promise<BackendInfo | string> {
    const { pkg } = NATIVE[choice];
    try {
        req(pkg);
    } catch (error) {
        return (error as { code?: string }).code === 'MODULE_NOT_FOUND' && String(error).includes(pkg)
            ? 'it is not installed'
            : `it failed to load: ${(error as Error).message}`;
    }
    if (!(await tf.setBackend('tensorflow'))) return 'the tensorflow backend failed to initialise';
    return { name: choice, package: pkg, version: packageVersion(pkg), threads: null, simd: null };
}

function nativeMissing(choice: 'tensorflow-gpu' | 'tensorflow', reason: string): string {
    const { pkg, note } = NATIVE[choice];
    return (
        `Backend '${choice}' needs the npm package ${pkg}, but ${reason}. ` +
        `Install it next to this tool with \`npm install ${pkg}@${TFJS_VERSION}\` (it must match @tensorflow/tfjs ${TFJS_VERSION}). ` +
        `${note} Offline: see the package README for pointing the install at a local libtensorflow archive. ` +
        `Or choose the backend 'wasm' (no install needed).`
    );
}

function webGpuMissing(reason: string): string {
    return (
        `Backend 'webgpu' cannot run: ${reason}. It needs the npm packages webgpu@0.6.2 and @tensorflow/tfjs-backend-webgpu@${TFJS_VERSION} ` +
        '(`npm install webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@' + TFJS_VERSION + '`, nothing is downloaded) and a GPU driver: ' +
        'Vulkan on Linux (in a container: NVIDIA_DRIVER_CAPABILITIES must include graphics), D3D12 on Windows, Metal on macOS. ' +
        "Or choose the backend 'wasm'."
    );
}

async function useWasm(options: BackendOptions): Promise<BackendInfo> {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
        const dir = options.wasmPaths ?? installedWasmDir();
        if (dir !== undefined) wasm.setWasmPaths(dir);
        wasmPathsSet = true;
    }
    installWasmPatches();
    installWasmKernels();
    if (!(await tf.setBackend('wasm'))) {
        throw new BackendUnavailableError(
            "Backend 'wasm' failed to initialise: the tfjs-backend-wasm*.wasm files were not found or could not be compiled. " +
                'Pass their directory as the wasmPaths option, or choose the backend \'cpu\'.',
        );
    }
    return {
        name: 'wasm',
        package: '@tensorflow/tfjs-backend-wasm',
        version: wasm.version_wasm,
        threads: wasm.getThreadsCount(),
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as boolean,
    };
}

async function useCpu(): Promise<BackendInfo> {
    await tf.setBackend('cpu');
    // The cpu backend prints an "install tfjs-node" banner on first use; the report says it instead.
    (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
    return { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', version: tf.version['tfjs-backend-cpu'] ?? TFJS_VERSION, threads: 1, simd: false };
}

function installedWasmDir(): string | undefined {
    try {
        return join(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
    } catch {
        return undefined;
    }
}
