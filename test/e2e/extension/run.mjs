#!/usr/bin/env node
// Runs the extension test suite (index.cjs) inside a real VS Code, offline: code-server from
// .vscode-host (scripts/e2e-host-install.sh), on a fresh copy of test/e2e/workspace.
//   node test/e2e/extension/run.mjs [--extension DIR]   (default: this checkout, built by npm run build)
// Exit code: that of test/e2e/run-extension-tests.mjs (0 passed, 1 failed, 2 the harness failed).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { prepareWorkspace, REPO_ROOT } from './workspace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { extension: { type: 'string', default: REPO_ROOT } } });
const workspace = prepareWorkspace();
let status;
try {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'test/e2e/run-extension-tests.mjs'),
    '--extension', resolve(values.extension), '--tests', join(here, 'index.cjs'), '--workspace', workspace.dir, '--timeout', '400'],
  { stdio: 'inherit' });
  status = result.status ?? 1;
} finally {
  workspace.remove();
}
process.exit(status);
