/**
 * The Start Search probe for webgpu: on a system node (this one) with the software adapter it maps
 * a GPU buffer and passes; a runtime that cannot start, or no `webgpu` package, is reported.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { probeWebGpu, webgpuModuleFor } from '../../src/extension/webgpu-probe.js';
import { useSoftwareWebGpuEnv } from '../support/webgpu.js';

describe('webgpu probe', () => {
    test('finds the engine\'s webgpu package and reads a GPU buffer on a system node', async () => {
        useSoftwareWebGpuEnv();
        const module = webgpuModuleFor(join(process.cwd(), 'out', 'cli', 'main.cjs'));
        expect(module).toMatch(/node_modules[\\/]webgpu[\\/]index\.js$/);
        expect(await probeWebGpu(module!, process.execPath)).toEqual({ ok: true });
    }, 60_000);

    test('reports a node that does not exist, and an engine without the package', async () => {
        const result = await probeWebGpu(join(process.cwd(), 'node_modules', 'webgpu', 'index.js'), '/nonexistent/node');
        expect(result).toMatchObject({ ok: false, externalBuffers: false });
        expect(!result.ok && result.reason).toMatch(/\/nonexistent\/node could not start/);
        expect(webgpuModuleFor('/nonexistent/engine/main.cjs')).toBeUndefined();
    });
});
