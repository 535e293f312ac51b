#!/usr/bin/env node
// Runs an extensionTestsPath-style suite (the @vscode/test-electron contract: a CJS module exporting
// run(): Promise<void>) inside a real VS Code extension host, offline.
//   node test/e2e/run-extension-tests.mjs --extension <dir> --tests <abs suite index.js> --workspace <dir> [--timeout s]
// Exit code: 0 all passed, 1 the suite failed, 2 the harness could not run it (bad arguments, startup, timeout).
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exit, interrupted, stopAll } from './cleanup.mjs';
import { startHost, withTimeout } from './host.mjs';

const USAGE = 'usage: node test/e2e/run-extension-tests.mjs --extension <dir> --tests <abs path to suite index.js> --workspace <dir> [--timeout <seconds>]';

function fail(message) {
  process.stderr.write(`[e2e] ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseCli(argv) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: {
      extension: { type: 'string' }, tests: { type: 'string' }, workspace: { type: 'string' },
      timeout: { type: 'string', default: '300' }, help: { type: 'boolean', short: 'h' },
    } }));
  } catch (err) {
    fail(err.message);
  }
  if (values.help) { process.stdout.write(`${USAGE}\n`); process.exit(0); }
  for (const key of ['extension', 'tests', 'workspace']) if (!values[key]) fail(`missing --${key}`);
  if (!isAbsolute(values.tests)) fail(`--tests must be an absolute path (got '${values.tests}')`);
  for (const [key, kind] of [['extension', 'directory'], ['workspace', 'directory'], ['tests', 'file']]) {
    const path = resolve(values[key]);
    if (!existsSync(path)) fail(`--${key}: ${path} does not exist`);
    if ((kind === 'directory') !== statSync(path).isDirectory()) fail(`--${key}: ${path} is not a ${kind}`);
  }
  if (!existsSync(resolve(values.extension, 'package.json'))) fail(`--extension: no package.json in ${resolve(values.extension)}`);
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) fail(`--timeout must be a positive number of seconds (got '${values.timeout}')`);
  return { extension: resolve(values.extension), tests: values.tests, workspace: resolve(values.workspace), timeoutMs: timeout * 1000 };
}

async function main() {
  const opts = parseCli(process.argv.slice(2));
  const t0 = Date.now();
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  let host;
  let code;
  try {
    const run = (async () => {
      host = await startHost({ workspace: opts.workspace, extensionDevelopmentPath: opts.extension, extensionTestsPath: opts.tests });
      process.stdout.write(`[e2e] VS Code host on ${host.server.origin} after ${secs()}; running ${opts.tests}\n`);
      return host.exitCode;
    })();
    code = await withTimeout(run, opts.timeoutMs, 'extension tests');
    await withTimeout(host.flushConsole(), 5000, 'flushing extension host output').catch(() => {});
    process.stdout.write(`[e2e] extension tests exit code: ${code} (${secs()} total)\n`);
  } catch (err) {
    if (interrupted()) return;
    process.stderr.write(`[e2e] ERROR: ${err.message}\n`);
    if (host && process.env.E2E_VERBOSE !== '1') process.stderr.write(`[e2e] last code-server output:\n${host.server.output()}\n`);
    code = 2;
  } finally {
    await stopAll(); // also what a timed-out start-up left half-started
  }
  exit(code === 0 ? 0 : code === 2 ? 2 : 1);
}

main();
