#!/usr/bin/env node
// `npm run test:vscode`: the extension test suite (test/e2e/extension/index.cjs) under
// @vscode/test-electron, the way extension authors run it. It downloads VS Code (cached in
// node_modules/.cache/vscode-test) and opens it on a copy of test/e2e/workspace with this checkout as
// the extension under development (build it first: npm run build). Without a display on Linux, run it
// under xvfb-run. The download needs update.code.visualstudio.com; where that cannot be reached, the
// same suite runs offline in code-server: npm run test:e2e.
//   node test/e2e/run-test-electron.mjs [--version stable|insiders|1.91.0] [--vscode PATH]
// --vscode: an installed VS Code executable, used instead of a download.
// Exit code: 0 passed, 1 failed, 2 VS Code could not be downloaded or started.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { prepareWorkspace, REPO_ROOT } from './extension/workspace.mjs';

const { values } = parseArgs({ options: { version: { type: 'string', default: 'stable' }, vscode: { type: 'string' } } });
const workspace = prepareWorkspace();
let code;
try {
  code = await runTests({
    version: values.version,
    vscodeExecutablePath: values.vscode,
    cachePath: join(REPO_ROOT, 'node_modules/.cache/vscode-test'),
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: join(REPO_ROOT, 'test/e2e/extension/index.cjs'),
    // Other installed extensions stay out; the workspace needs no trust prompt.
    launchArgs: [workspace.dir, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  if (error instanceof TestRunFailedError) {
    code = 1;
    process.stderr.write(`[test:vscode] the extension tests failed (${error.message})\n`);
  } else {
    code = 2;
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up/i.test(String(error?.stack ?? error));
    process.stderr.write(offline
      ? `[test:vscode] cannot download VS Code ${values.version}: update.code.visualstudio.com is not reachable from this machine ` +
        `(${error.message}).\n[test:vscode] Run the same suite offline in code-server with: npm run test:e2e, ` +
        'or pass an installed VS Code with --vscode PATH.\n'
      : `[test:vscode] VS Code could not be started: ${error?.message ?? error}\n`);
  }
} finally {
  workspace.remove();
}
process.exit(code);
