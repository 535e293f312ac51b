// Runs `langium generate` and passes its output through, less one warning class.
//
// The grammar assigns each knob with `=` inside a repeated `( ... )*` group (src/language/smash.langium),
// so langium-cli warns "Found multiple assignments to 'x' with the '=' assignment operator" once per
// knob (about 50 lines on every build). Here that is intended, not a risk of data loss: a knob written
// twice is reported by the validator (smash/duplicate-property, one policy for every section). Only
// lines of exactly that form are dropped; every other warning or error still shows, and the exit
// status is langium-cli's.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const EXPECTED = /^src\/language\/smash\.langium:\d+:\d+ - Found multiple assignments to '\w+' with the '\??=' assignment operator\. Consider using '\+=' instead to prevent data loss\.$/;

const child = spawn(process.execPath, ['--require', './scripts/node20-polyfills.cjs', 'node_modules/langium-cli/bin/langium.js', 'generate'], {
    stdio: ['inherit', 'pipe', 'pipe'],
});
for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    createInterface({ input: stream }).on('line', (line) => {
        // langium-cli colours its output when attached to a terminal; match on the plain text.
        if (!EXPECTED.test(line.replace(/\x1b\[[0-9;]*m/g, ''))) out.write(`${line}\n`);
    });
}
child.on('close', (code) => process.exit(code ?? 1));
