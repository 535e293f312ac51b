/**
 * Before a webgpu search: can the runtime that will run the engine read a GPU buffer? tfjs reads
 * every result through GPUBuffer.getMappedRange, which Dawn returns as an external ArrayBuffer;
 * Electron (VS Code's own runtime) may forbid those, a system `node` does not. The probe maps a
 * 16-byte buffer in a child process of that runtime. No `vscode` import.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type ProbeResult = { ok: true } | { ok: false; reason: string; externalBuffers: boolean };

const SCRIPT = `
(async () => {
    const { create, globals } = await import(process.argv[1]);
    Object.assign(globalThis, globals);
    const flags = (process.env.SMASH_DAWN_FLAGS || '').split(',').filter(Boolean);
    const gles = flags.some((f) => /^backend=opengl(es)?$/.test(f));
    const adapter = await create(flags).requestAdapter({ powerPreference: 'high-performance', ...(gles ? { featureLevel: 'compatibility' } : {}) });
    if (!adapter) throw new Error('no GPU adapter (no Vulkan, D3D12 or Metal driver Dawn can use)');
    const device = await adapter.requestDevice();
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    await buffer.mapAsync(GPUMapMode.READ);
    new Float32Array(buffer.getMappedRange());
    process.stdout.write('ok\\n');
    process.exit(0);
})().catch((e) => { process.stdout.write('fail ' + String(e && e.message || e).split('\\n')[0] + '\\n'); process.exit(1); });
`;

/** The `webgpu` package the engine at cliPath would load, or undefined when it has none. */
export function webgpuModuleFor(cliPath: string): string | undefined {
    try {
        return createRequire(join(dirname(cliPath), 'probe.cjs')).resolve('webgpu');
    } catch {
        return undefined;
    }
}

/** Runs the probe on `nodePath`, or on this runtime (Electron as node inside VS Code). */
export function probeWebGpu(webgpuModule: string, nodePath: string | undefined, timeoutMs = 30_000): Promise<ProbeResult> {
    const command = nodePath ?? process.execPath;
    const child = spawn(command, ['-e', SCRIPT, pathToFileURL(webgpuModule).href], {
        env: { ...process.env, ...(nodePath === undefined ? { ELECTRON_RUN_AS_NODE: '1' } : {}) },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { out += t; });
    return new Promise((resolve) => {
        const timer = setTimeout(() => { child.kill(); finish('the GPU did not answer within 30 s'); }, timeoutMs);
        const finish = (reason?: string) => {
            clearTimeout(timer);
            if (reason === undefined) return resolve({ ok: true });
            resolve({ ok: false, reason, externalBuffers: /external|napi_no_external_buffers|getMappedRange/i.test(reason) });
        };
        child.on('error', (e) => finish(`${command} could not start: ${e.message}`));
        child.on('exit', (code) => {
            const line = out.trim().split('\n').pop() ?? '';
            if (code === 0 && line === 'ok') finish();
            else finish(line.startsWith('fail ') ? line.slice(5) : `the probe exited with code ${code}`);
        });
    });
}
