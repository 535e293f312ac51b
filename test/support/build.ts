/** vitest global setup: the CLI and server tests run the real bundles, so build them once first. */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
    execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
}
