// `npm run package`: builds smash-nas-<version>.vsix, an extension that works without node_modules.
//
// The extension, the language server and the webviews are the bundles of `npm run build` (so the
// end-to-end tests of the checkout run the very files the VSIX ships). The engine and its worker
// threads are bundled once more into out/engine/, this time with TensorFlow.js inside, and get what
// they load from disk next to them: the tfjs-backend-wasm binaries (found through the bundle's own directory, see
// src/engine/backend/backend.ts) and the Fashion-MNIST images of the fashion-mnist package. Only the native
// backends stay external: a bundled tfjs and a separately installed @tensorflow/tfjs-node would be
// two copies of tfjs, so those backends are for the CLI of a checkout. So does webgpu (Dawn's
// dawn.node is per platform, 21 MB for linux-x64; inside VS Code it needs a system node anyway,
// README "GPUs and the extension"): the VSIX stays one package for every platform, as large as before.
// .vscodeignore lists what goes into the VSIX.
import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const engineDir = join(root, 'out', 'engine');
const vsix = join(root, `${name}-${version}.vsix`);
const t0 = Date.now();
const step = (what) => console.log(`[package] ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

function run(command, args) {
    execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

/** Copies `from` to `to` unless `to` already has the same size and is not older. */
function copyIfChanged(from, to) {
    const source = statSync(from);
    const target = existsSync(to) ? statSync(to) : undefined;
    if (target && target.size === source.size && target.mtimeMs >= source.mtimeMs) return;
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
}

function packageDir(pkg) {
    const dir = join(root, 'node_modules', ...pkg.split('/'));
    if (!existsSync(join(dir, 'package.json'))) throw new Error(`${pkg} is not installed in node_modules; run npm ci first`);
    return dir;
}

step('npm run build');
run('npm', ['run', '--silent', 'build']);

step('bundling the engine with TensorFlow.js into out/engine');
// The worker bundles of `npm run build` load TensorFlow.js from node_modules; these replace them.
const entryPoints = {
    main: join(root, 'src/cli/main.ts'),
    'parallel-worker': join(root, 'src/engine/parallel/worker.ts'),
    'retrain-worker': join(root, 'src/engine/parallel/retrain-worker.ts'),
};
for (const entry of Object.keys(entryPoints)) rmSync(join(engineDir, `${entry}.cjs`), { force: true });
const native = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-webgpu', 'webgpu'];
const { metafile } = await esbuild.build({
    entryPoints,
    outdir: engineDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    logLevel: 'warning',
    // backend.ts only reads import.meta when `require` is missing, which a CommonJS bundle never is.
    logOverride: { 'empty-import-meta': 'silent' },
    inject: [join(root, 'scripts/node20-polyfills.cjs')],
    define: { __SMASH_VERSION__: JSON.stringify(version) },
    external: native,
    metafile: true,
});
// Anything else left to `require` at run time would be missing from the VSIX. node-fetch's optional
// `encoding` is required inside a try block.
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const unbundled = new Set(Object.values(metafile.inputs).flatMap((input) => input.imports)
    .filter((i) => i.external && !i.path.startsWith(root) && !builtins.has(i.path) && !native.includes(i.path) && i.path !== 'encoding').map((i) => i.path));
if (unbundled.size > 0) throw new Error(`the engine bundle would load ${[...unbundled].join(', ')} from node_modules`);

step('copying the wasm binaries and the Fashion-MNIST data next to it');
const wasmDist = join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
const wasmFiles = readdirSync(wasmDist).filter((f) => /^tfjs-backend-wasm.*\.wasm$/.test(f));
if (wasmFiles.length === 0) throw new Error(`no tfjs-backend-wasm*.wasm files in ${wasmDist}`);
for (const file of wasmFiles) copyIfChanged(join(wasmDist, file), join(engineDir, file));
const fashion = packageDir('fashion-mnist');
const clothes = join('src', 'clothes');
const dataFiles = ['package.json', 'LICENSE', ...readdirSync(join(fashion, clothes)).filter((f) => f.endsWith('.json')).map((f) => join(clothes, f))];
for (const file of dataFiles) copyIfChanged(join(fashion, file), join(engineDir, 'fashion-mnist', file));

step('checking that the engine bundle loads');
const printed = execFileSync(process.execPath, [join(engineDir, 'main.cjs'), '--version'], { cwd: engineDir, encoding: 'utf8' }).trim();
if (printed !== version) throw new Error(`out/engine/main.cjs --version printed '${printed}', expected ${version}`);

step(`vsce package -> ${relative(root, vsix)}`);
rmSync(vsix, { force: true });
// --no-dependencies: every bundle is self-contained. --allow-missing-repository and
// --no-rewrite-relative-links: package.json names no repository, so vsce has no URL to rewrite the
// README's relative links to; its images ship in the VSIX instead.
run(process.execPath, [join(packageDir('@vscode/vsce'), 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository',
    '--no-rewrite-relative-links', '--out', vsix]);
step(`done: ${relative(root, vsix)}, ${(statSync(vsix).size / 1e6).toFixed(1)} MB`);
