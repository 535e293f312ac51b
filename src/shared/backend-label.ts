/**
 * One line naming a run's backend (and, on webgpu, its adapter) for the CLI, logs and panels. Pure:
 * webview bundles import it.
 */
import type { BackendInfo, GpuAdapterInfo } from './protocol.js';

export function describeAdapter(a: GpuAdapterInfo): string {
    const named = [a.vendor, a.architecture, a.device, a.description].filter((s) => s !== '').join(', ');
    return `${named || 'unnamed adapter'}${a.isFallbackAdapter ? '; a software adapter: correct, but no GPU speed' : ''}`;
}

/** e.g. "webgpu (@tensorflow/tfjs-backend-webgpu 4.22.0) on nvidia, ampere, NVIDIA RTX A4000". */
export function describeBackend(b: BackendInfo): string {
    const base = `${b.name} (${b.package} ${b.version})`;
    return b.adapter === undefined ? base : `${base} on ${describeAdapter(b.adapter)}`;
}
