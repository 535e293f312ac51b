/** `auto` looks for the Vulkan loader before it asks Dawn for a GPU on Linux, so a machine without one gets no Dawn warning. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { vulkanLoaderMissing } from '../../src/engine/backend/backend-webgpu.js';

describe('the Vulkan loader check of auto', () => {
    test('a loader on LD_LIBRARY_PATH counts; elsewhere than Linux, or with Dawn flags, nothing is checked', () => {
        const dir = mkdtempSync(join(tmpdir(), 'smash-vulkan-'));
        writeFileSync(join(dir, 'libvulkan.so.1'), '');
        expect(vulkanLoaderMissing({ LD_LIBRARY_PATH: dir }, 'linux')).toBe(false);
        expect(vulkanLoaderMissing({}, 'darwin')).toBe(false);
        expect(vulkanLoaderMissing({ SMASH_DAWN_FLAGS: 'backend=opengles' }, 'linux')).toBe(false);
    });

    test('the system library directories count, and directories without the loader do not', () => {
        const empty = mkdtempSync(join(tmpdir(), 'smash-no-vulkan-'));
        const system = mkdtempSync(join(tmpdir(), 'smash-system-vulkan-'));
        writeFileSync(join(system, 'libvulkan.so.1'), '');
        expect(vulkanLoaderMissing({ LD_LIBRARY_PATH: empty }, 'linux', [empty])).toBe(true);
        expect(vulkanLoaderMissing({}, 'linux', [empty, system])).toBe(false);
    });
});
