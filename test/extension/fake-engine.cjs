// A stand-in for `node out/cli/main.cjs search FILE --run-dir DIR`: writes a run directory the way
// the engine does, and behaves as `--fake MODE` says (complete, fail, errors, wait, deaf).
'use strict';
const { appendFileSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const args = process.argv.slice(2);
const option = (name) => args[args.indexOf(name) + 1];
const dir = option('--run-dir');
const mode = option('--fake');
const time = () => new Date().toISOString();
const emit = (event) => appendFileSync(join(dir, 'events.jsonl'), JSON.stringify({ ...event, time: time() }) + '\n');

mkdirSync(dir, { recursive: true });
const manifest = { runId: 'fake', name: 'Fake', spaceFile: args[1], spaceHash: '0', seed: 1, overrides: {}, versions: {}, command: args, createdAt: time(),
    backend: { name: 'cpu', package: 'x', version: '0', threads: 1, simd: null } };
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
emit({ type: 'run-start', manifest, resumed: args[0] === 'resume' });
emit({ type: 'phase', phase: 'train' });
process.stdout.write(`fake engine: ${mode}\n`);

let step = 0;
const train = () => emit({ type: 'train-step', epoch: 1, step: ++step, steps: 1000, loss: 1 / step, accuracy: 0.5, lr: 0.01, imagesPerSecond: 100, eta: 60 });

if (mode === 'complete') {
    train();
    writeFileSync(join(dir, 'results.json'), '{}');
    emit({ type: 'run-end', status: 'completed' });
} else if (mode === 'fail') {
    // As the CLI reports a usage error: the reason, then the usage text.
    process.stderr.write("smash: --epochs needs a whole number, got 'x'\n\nusage: smash <command> [options]\n  -v, --version  show the version\n");
    process.exitCode = 2;
} else if (mode === 'errors') {
    // As the CLI reports a file with errors: on stdout.
    process.stdout.write('tiny.smash:3:5: error: unknown op family [unknown-op]\nsmash: tiny.smash has errors; fix them before searching\n');
    process.exitCode = 1;
} else {
    const timer = setInterval(train, 20);
    process.on('SIGTERM', () => {
        if (mode === 'deaf') return;
        clearInterval(timer);
        emit({ type: 'checkpoint', epoch: 1, step });
        emit({ type: 'run-end', status: 'stopped' });
        process.exit(130);
    });
}
