// Bundles the extension, the language server and the CLI/engine to CommonJS `.cjs` files (the
// package is "type": "module", and VS Code's extension host loads CommonJS), and the webview
// scripts for the browser. TensorFlow.js stays external: its backends load binaries and optional
// native packages from node_modules at run time.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const node = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
    sourcemap: !minify,
    minify,
    logLevel: 'info',
    // VS Code <= 1.100 and Node 20 lack Object.groupBy, which Langium's parser generator calls.
    inject: ['scripts/node20-polyfills.cjs'],
    // backend.ts reads import.meta only where `require` is missing, i.e. never in these CommonJS bundles.
    logOverride: { 'empty-import-meta': 'silent' },
    define: { __SMASH_VERSION__: JSON.stringify(version) },
};

const builds = [
    {
        ...node,
        entryPoints: { 'extension/main': 'src/extension/main.ts' },
        external: ['vscode'],
    },
    {
        ...node,
        entryPoints: {
            'language/main': 'src/language/main.ts',
            'cli/main': 'src/cli/main.ts',
            // Loaded by src/engine/parallel/data-parallel.ts as a worker thread.
            'engine/parallel-worker': 'src/engine/parallel/worker.ts',
            // Loaded by src/engine/parallel/retrain-pool.ts, one worker thread per network retrained.
            'engine/retrain-worker': 'src/engine/parallel/retrain-worker.ts',
        },
        external: ['vscode', '@tensorflow/*', 'fashion-mnist', 'webgpu'],
    },
    {
        // The panels' scripts run in webviews (Chromium) under a CSP that only admits them by
        // nonce: one self-contained classic script each, Chart.js included, nothing loaded later.
        entryPoints: { live: 'src/webview/live/main.ts', results: 'src/webview/results/main.ts', preview: 'src/webview/preview/main.ts' },
        outdir: 'out/webview',
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'chrome120',
        minify: true,
        sourcemap: !minify,
        logLevel: 'info',
    },
];

const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
}
