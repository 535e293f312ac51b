// Bundles the benchmark (bench/main.ts and the engine and language code it times) to
// out/bench/main.mjs, with bench/ops.ts and bench/retrain-subset.ts beside it; `npm run bench` runs
// this, then the bundle. Packages stay external.
import * as esbuild from 'esbuild';

await esbuild.build({
    entryPoints: { 'bench/main': 'bench/main.ts', 'bench/ops': 'bench/ops.ts', 'bench/retrain-subset': 'bench/retrain-subset.ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    // Langium's parser generator calls Object.groupBy, which Node 20 lacks.
    inject: ['scripts/node20-polyfills.cjs'],
    sourcemap: true,
    logLevel: 'warning',
});
