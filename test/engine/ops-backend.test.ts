/**
 * Backend selection: what 'auto' picks here, the report it returns, and the message for a native
 * backend whose package is not installed.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, selectBackend, type BackendChoice } from '../../src/engine/backend/backend.js';
import { tf } from '../../src/engine/backend/tf.js';

const installed = (pkg: string): boolean => {
    try {
        createRequire(import.meta.url).resolve(pkg);
        return true;
    } catch {
        return false;
    }
};
const hasNode = installed('@tensorflow/tfjs-node');
const hasNodeGpu = installed('@tensorflow/tfjs-node-gpu');

describe('selectBackend', () => {
    it.skipIf(hasNode || hasNodeGpu)('auto falls back to wasm (1 thread, SIMD) when no native package is installed', async () => {
        const info = await selectBackend('auto');
        expect(info).toEqual({ name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', version: '4.22.0', threads: 1, simd: true });
        expect(tf.getBackend()).toBe('wasm');
    });

    it('cpu reports itself and becomes active', async () => {
        expect(await selectBackend('cpu')).toEqual({ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', version: '4.22.0', threads: 1, simd: false });
        expect(tf.getBackend()).toBe('cpu');
    });

    it.skipIf(hasNode)('a forced tensorflow backend without its package says which package and how to install it', async () => {
        const attempt = selectBackend('tensorflow');
        await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
        await expect(attempt).rejects.toThrow(/needs the npm package @tensorflow\/tfjs-node, but it is not installed.*npm install @tensorflow\/tfjs-node@4\.22\.0/);
    });

    it.skipIf(hasNodeGpu)('the same for tensorflow-gpu, mentioning CUDA', async () => {
        await expect(selectBackend('tensorflow-gpu')).rejects.toThrow(/@tensorflow\/tfjs-node-gpu.*npm install @tensorflow\/tfjs-node-gpu@4\.22\.0.*CUDA/);
    });

    it('rejects an unknown choice', async () => {
        await expect(selectBackend('metal' as BackendChoice)).rejects.toThrow(/Unknown backend 'metal'/);
    });
});
