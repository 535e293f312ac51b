/** `auto` looks for the Vulkan loader before it asks Dawn for a GPU on Linux, so a machine without one gets no Dawn warning. */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { vulkanLoaderMissing } from '../../src/engine/backend-webgpu.js';

describe('the Vulkan loader check of auto', () => {
    test('a loader on LD_LIBRARY_PATH counts; elsewhere than Linux, or with Dawn flags, nothing is checked', () => {
        const dir = mkdtempSync(join(tmpdir(), 'smash-vulkan-'));
        writeFileSync(join(dir, 'libvulkan.so.1'), '');
        expect(vulkanLoaderMissing({ LD_LIBRARY_PATH: dir }, 'linux')).toBe(false);
        expect(vulkanLoaderMissing({}, 'darwin')).toBe(false);
        expect(vulkanLoaderMissing({ SMASH_DAWN_FLAGS: 'backend=opengles' }, 'linux')).toBe(false);
    });

    test('a directory without the loader does not count', () => {
        const empty = mkdtempSync(join(tmpdir(), 'smash-no-vulkan-'));
        const system = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib64', '/lib', '/usr/lib/aarch64-linux-gnu', '/lib/aarch64-linux-gnu']
            .some((d) => existsSync(join(d, 'libvulkan.so.1')));
        expect(vulkanLoaderMissing({ LD_LIBRARY_PATH: empty }, 'linux')).toBe(!system);
    });
});
