/**
 * The webgpu backend on this machine's software adapter: Debian 12's Mesa through OpenGL ES
 * (scripts/webgpu-test-install.sh installs it; its Vulkan lavapipe is too old for Dawn). These
 * settings are what a test process, or a CLI it starts, needs in its environment.
 */
import { tmpdir } from 'node:os';

export const SOFTWARE_WEBGPU_ENV = {
    EGL_PLATFORM: 'surfaceless',
    SMASH_DAWN_FLAGS: 'backend=opengles',
    // Mesa complains on every start without one.
    XDG_RUNTIME_DIR: tmpdir(),
} as const;

/** Puts the settings into this process's environment (before the first adapter request). */
export function useSoftwareWebGpuEnv(): void {
    for (const [k, v] of Object.entries(SOFTWARE_WEBGPU_ENV)) process.env[k] ??= v;
}

export const WEBGPU_SETUP_HINT = 'the webgpu tests need Mesa (libegl1 libegl-mesa0 libgl1-mesa-dri): run `bash scripts/webgpu-test-install.sh`';
