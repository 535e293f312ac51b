/**
 * The WebGPU backend in Node: Dawn's Node bindings (the `webgpu` npm package, `dawn.node` shipped
 * inside it for linux, macOS and Windows) under `@tensorflow/tfjs-backend-webgpu`.
 *
 * Order matters: tfjs-backend-webgpu registers itself only if `navigator.gpu` exists when its
 * module is evaluated, and its shaders use the bare globals GPUBufferUsage, GPUMapMode, ... So the
 * glue below runs first and the backend is loaded afterwards by a dynamic import (a static import
 * would be hoisted above the glue by the bundler).
 *
 * Dawn quietly hands out a CPU implementation (lavapipe, llvmpipe, SwiftShader) when no GPU driver
 * is usable; `auto` never takes one, a user who names webgpu gets it and is told.
 *
 * Environment (for tests and odd drivers): SMASH_DAWN_FLAGS, comma-separated Dawn toggles such as
 * `backend=opengles` or `adapter=NAME`; with an OpenGL ES backend the adapter is requested in
 * WebGPU's compatibility mode, the only one Dawn offers there.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendInfo, GpuAdapterInfo } from '../../shared/protocol.js';
import { tf } from './tf.js';
import { packageVersion } from './package-require.js';
import { gpuTimeout, watchDevice } from './gpu-faults.js';
import { describeAdapter } from '../../shared/backend-label.js';

/** How long adapter and device requests may take before they count as a hung driver. */
const REQUEST_TIMEOUT_MS = 60_000;

// The few WebGPU types used here (the full ones are a DOM lib this Node project does not load).
interface AdapterRequest { powerPreference?: 'high-performance' | 'low-power'; featureLevel?: string }
interface Adapter { info: { vendor: string; architecture: string; device?: string; description: string; isFallbackAdapter?: boolean } }
interface GPU { requestAdapter(options?: AdapterRequest): Promise<Adapter | null> }
interface DawnModule {
    create(flags: string[]): GPU;
    globals: Record<string, unknown>;
}

export function dawnFlags(env: NodeJS.ProcessEnv = process.env): string[] {
    return (env.SMASH_DAWN_FLAGS ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
}

/** Where Linux distributions keep shared libraries, after LD_LIBRARY_PATH. */
const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/lib64', '/lib'];

/**
 * On Linux Dawn reaches a GPU through Vulkan only (OpenGL ES only when a flag asks for it). Without
 * the Vulkan loader it can find no GPU and prints "Couldn't load Vulkan" on stderr, so `auto` asks
 * this first and stays quiet on machines that have no GPU driver at all.
 */
export function vulkanLoaderMissing(
    env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, systemDirs: readonly string[] = LIBRARY_DIRS,
): boolean {
    if (platform !== 'linux' || dawnFlags(env).length > 0) return false;
    const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d !== ''), ...systemDirs];
    return !dirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
}

/** CPU implementations that do not always say so (Mesa's GL ES llvmpipe reports no architecture). */
const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|swrast|Microsoft Basic Render/i;

let gpu: GPU | undefined;

/** `navigator.gpu` in place (once per process), or a sentence saying why there is none. */
async function installNavigatorGpu(flags: string[]): Promise<GPU | string> {
    if (gpu !== undefined) return gpu;
    let dawn: DawnModule;
    try {
        dawn = (await import('webgpu')) as unknown as DawnModule;
    } catch (error) {
        const message = (error as Error).message;
        return /Cannot find (package|module) 'webgpu'/.test(message)
            ? 'the npm package webgpu is not installed'
            : `the npm package webgpu failed to load (${firstLine(message)}); on Linux it needs glibc 2.34 or later (Debian 12, Ubuntu 22.04)`;
    }
    Object.assign(globalThis, dawn.globals);
    const created = dawn.create(flags);
    if (flags.some((f) => /^backend=opengl(es)?$/.test(f))) {
        const request = created.requestAdapter.bind(created);
        created.requestAdapter = (options = {}) => request({ ...options, featureLevel: 'compatibility' });
    }
    // Node 20 has no navigator; Node 21 and later have one without a gpu.
    const nav = (globalThis as { navigator?: object }).navigator;
    if (nav === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu: created }, configurable: true, writable: true });
    else Object.defineProperty(nav, 'gpu', { value: created, configurable: true, writable: true });
    gpu = created;
    return created;
}

/** The adapter tfjs will get (it asks for the same high-performance one), or why there is none. */
export async function probeAdapter(flags: string[] = dawnFlags()): Promise<GpuAdapterInfo | string> {
    const g = await installNavigatorGpu(flags);
    if (typeof g === 'string') return g;
    const adapter = await gpuTimeout(g.requestAdapter({ powerPreference: 'high-performance' }), REQUEST_TIMEOUT_MS, 'requesting a GPU adapter');
    if (adapter === null) return 'Dawn found no GPU adapter: no Vulkan (Linux), D3D12 (Windows) or Metal (macOS) driver it can use';
    const info = adapter.info;
    return {
        vendor: info.vendor,
        architecture: info.architecture,
        device: info.device ?? '',
        description: info.description,
        isFallbackAdapter: info.isFallbackAdapter === true || info.architecture === 'software' || SOFTWARE.test(`${info.device ?? ''} ${info.description}`),
    };
}

/**
 * Makes webgpu the active backend. allowSoftware false (auto): a software adapter is refused with
 * a reason, so that auto moves on to a faster CPU backend.
 */
export async function tryWebGpu(allowSoftware: boolean): Promise<BackendInfo | string> {
    const adapter = await probeAdapter();
    if (typeof adapter === 'string') return adapter;
    if (adapter.isFallbackAdapter && !allowSoftware) return `the only adapter is a software one (${describeAdapter(adapter)})`;
    try {
        await import('@tensorflow/tfjs-backend-webgpu');
    } catch (error) {
        return `the npm package @tensorflow/tfjs-backend-webgpu failed to load (${firstLine((error as Error).message)})`;
    }
    if (tf.findBackendFactory('webgpu') === null) return 'the tfjs webgpu backend did not register (navigator.gpu was missing when it loaded)';
    const ok = await gpuTimeout(tf.setBackend('webgpu'), REQUEST_TIMEOUT_MS, 'creating the GPU device');
    if (!ok) return 'the tfjs webgpu backend failed to initialise (no GPU device)';
    watchDevice((tf.backend() as unknown as { device: Parameters<typeof watchDevice>[0] }).device);
    const pkg = '@tensorflow/tfjs-backend-webgpu';
    return { name: 'webgpu', package: pkg, version: packageVersion(pkg), threads: null, simd: null, adapter };
}

function firstLine(text: string): string {
    return text.split('\n')[0]!.trim();
}
