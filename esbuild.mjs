// Bundles the extension, the language server and the CLI/engine to CommonJS `.cjs` files (the
// package is "type": "module", and VS Code's extension host loads CommonJS), and the webview
// scripts for the browser. TensorFlow.js stays external: its backends load binaries and optional
// native packages from node_modules at run time.
import * as esbuild from 'esbuild';

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
};

const builds = [
    {
        ...node,
        entryPoints: { 'extension/main': 'src/extension/main.ts' },
        external: ['vscode'],
    },
    {
        ...node,
        entryPoints: { 'language/main': 'src/language/main.ts', 'cli/main': 'src/cli/main.ts' },
        external: ['vscode', '@tensorflow/*', 'fashion-mnist'],
    },
];

const present = await Promise.all(builds.map(async (b) => {
    const entries = Object.values(b.entryPoints);
    const { existsSync } = await import('node:fs');
    return entries.every((e) => existsSync(e));
}));
const contexts = await Promise.all(builds.filter((_, i) => present[i]).map((b) => esbuild.context(b)));
if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
} else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
}
