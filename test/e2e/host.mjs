// A real VS Code (code-server 4.100.3, VS Code 1.100.3) with a Node extension host, driven by Debian's chromium
// through playwright-core. Everything comes from .vscode-host/ (scripts/e2e-host-install.sh); nothing is downloaded.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { starting, track } from './cleanup.mjs';
import { forwardConsole } from './console.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const HOST_DIR = process.env.VSCODE_HOST_DIR ?? join(REPO_ROOT, '.vscode-host');
const CODE_SERVER = join(HOST_DIR, 'node_modules/code-server/out/node/entry.js');
const PLAYWRIGHT = join(HOST_DIR, 'node_modules/playwright-core/index.mjs');
const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const VERBOSE = process.env.E2E_VERBOSE === '1';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'git.enabled': false, // saves CPU on small machines; no test needs SCM
};

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const execFileAsync = promisify(execFile);
const log = (msg) => process.stdout.write(`[e2e] ${msg}\n`);

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  const srv = createServer();
  await new Promise((res, rej) => srv.once('error', rej).listen(0, '127.0.0.1', res));
  const { port } = srv.address();
  await new Promise((res) => srv.close(res));
  return port;
}

function requireInstalled() {
  for (const [what, path] of [['code-server', CODE_SERVER], ['playwright-core', PLAYWRIGHT], ['chromium', CHROMIUM]]) {
    if (!existsSync(path)) throw new Error(`${what} not found at ${path}; run: bash scripts/e2e-host-install.sh`);
  }
}

/**
 * Starts code-server on a free loopback port with throwaway user-data/extensions/config dirs, detached
 * in its own process group so stop() also takes the extension host and file watcher down.
 * `env` reaches the extension host (handy to switch test modes). `installExtensions`: .vsix files
 * installed into the throwaway extensions dir with code-server's own --install-extension first.
 */
export function startServer(options = {}) {
  return starting(() => spawnServer(options));
}

async function spawnServer({ workspace, env = {}, settings = {}, installExtensions = [], startTimeoutMs = 30_000 }) {
  requireInstalled();
  const tmp = mkdtempSync(join(tmpdir(), 'vscode-e2e-'));
  const userDir = join(tmp, 'user-data');
  mkdirSync(join(userDir, 'User'), { recursive: true });
  writeFileSync(join(userDir, 'User/settings.json'), JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2));
  const dirs = ['--config', join(tmp, 'config.yaml'), '--user-data-dir', userDir, '--extensions-dir', join(tmp, 'extensions')];
  // XDG_*: code-server otherwise writes ~/.config/code-server and ~/.local/share/code-server.
  const serverEnv = { ...process.env, XDG_CONFIG_HOME: join(tmp, 'xdg'), XDG_DATA_HOME: join(tmp, 'xdg'), ...env };
  try {
    // The real install path of a .vsix (what `code --install-extension` does), offline, about 2 s each.
    for (const vsix of installExtensions) {
      await execFileAsync(process.execPath, [CODE_SERVER, ...dirs, '--install-extension', resolve(vsix)], { env: serverEnv, timeout: 60_000 })
        .catch((err) => { throw new Error(`code-server could not install ${vsix}: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`); });
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const port = await freePort();
  const args = [CODE_SERVER, ...dirs, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
  if (workspace) args.push(resolve(workspace));
  const proc = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv });
  const output = [];
  const keep = (prefix) => (chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 200) output.shift();
      if (VERBOSE) log(`${prefix} ${line}`);
    }
  };
  proc.stdout.on('data', keep('[code-server]'));
  proc.stderr.on('data', keep('[code-server!]'));
  const exited = new Promise((res) => proc.once('exit', (code, signal) => res({ code, signal })));

  let stopped = false;
  let untrack;
  const server = {
    port, tmp, proc, exited, stopping: false, origin: `http://127.0.0.1:${port}`,
    /** `vscode-remote://` URI of a path on the server, the form the workbench payload expects. */
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(resolve(path)).pathname}`,
    output: () => output.join('\n'),
    stopSync() {
      if (stopped) return;
      stopped = true;
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ }
      rmSync(tmp, { recursive: true, force: true });
    },
    async stop() {
      if (stopped) return;
      untrack();
      server.stopping = true;
      try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
      // code-server needs 1-3 s to stop on SIGTERM; the group kill afterwards catches stragglers.
      await Promise.race([exited, sleep(5000)]);
      server.stopSync();
    },
  };
  untrack = track(server);

  const deadline = Date.now() + startTimeoutMs;
  let exitInfo;
  exited.then((info) => { exitInfo = info; });
  while (true) {
    if (exitInfo) {
      await server.stop();
      throw new Error(`code-server exited during startup (${JSON.stringify(exitInfo)}):\n${server.output()}`);
    }
    try {
      if ((await fetch(`${server.origin}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not answer /healthz within ${startTimeoutMs / 1000} s:\n${server.output()}`);
    }
    await sleep(150);
  }
  return server;
}

/** Launches Debian's chromium headless with a fresh profile (launch() makes one; --user-data-dir is refused). */
export function launchBrowser() {
  return starting(startBrowser);
}

async function startBrowser() {
  requireInstalled();
  const { chromium } = await import(pathToFileURL(PLAYWRIGHT).href);
  // Our signal handlers close it (a kill at exit, Playwright's fallback, leaves /tmp/org.chromium.* behind).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  browser.on('disconnected', track({ stop: () => browser.close() }));
  return browser;
}

/**
 * Opens the workbench on `workspace`. `extensionDevelopmentPath` loads an extension straight from its folder
 * (only one counts: the payload becomes a Map). With `extensionTestsPath`, the extension host runs that
 * module's run() and `exitCode` resolves to the code it reports through window.codeAutomationExit.
 */
export async function openWorkbench(server, browser, { workspace, extensionDevelopmentPath, extensionTestsPath,
  forwardAllConsole = VERBOSE, viewport = { width: 1280, height: 800 }, readyTimeoutMs = 60_000 } = {}) {
  const page = await browser.newPage({ viewport });
  const { flush } = forwardConsole(page, { all: forwardAllConsole });
  let resolveExit;
  let rejectExit;
  const exitCode = new Promise((res, rej) => { resolveExit = res; rejectExit = rej; });
  exitCode.catch(() => {}); // UI tests never await it; a crash during stop() must not become an unhandled rejection
  page.on('crash', () => rejectExit(new Error('the workbench page crashed')));
  server.exited.then((info) => {
    if (!server.stopping) rejectExit(new Error(`code-server exited (${JSON.stringify(info)}):\n${server.output()}`));
  });
  // Must exist before the workbench loads: the extension host exits 0 even when tests fail; only this carries the result.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', server.remoteUri(extensionDevelopmentPath)]);
  if (extensionTestsPath) {
    payload.push(['extensionTestsPath', server.remoteUri(extensionTestsPath)]);
    // Without a debugId the workbench treats this as a CLI test run and logs the extension host's console
    // through its own logger, indistinguishable from workbench noise; with one it prints '[Extension Host] …'.
    payload.push(['debugId', 'e2e']);
  }
  const query = new URLSearchParams();
  if (workspace) query.set('folder', resolve(workspace));
  if (payload.length) query.set('payload', JSON.stringify(payload));
  await page.goto(`${server.origin}/?${query}`);
  if (!extensionTestsPath) await page.locator('.monaco-workbench').waitFor({ timeout: readyTimeoutMs });
  return { page, exitCode, flushConsole: flush };
}

/**
 * Everything at once: server + browser + workbench. Returns { server, browser, page, exitCode, stop }.
 * stop() is idempotent and also runs on SIGINT/SIGTERM; always call it (try/finally).
 */
export async function startHost(options = {}) {
  const server = await startServer(options);
  let browser;
  const host = {
    server,
    async stop() {
      await withTimeout(browser?.close() ?? Promise.resolve(), 10_000, 'closing chromium').catch(() => {});
      await server.stop();
    },
  };
  try {
    browser = await launchBrowser();
    host.browser = browser;
    Object.assign(host, await openWorkbench(server, browser, options));
    return host;
  } catch (err) {
    await host.stop();
    throw err;
  }
}

export { runCommand, openFile, waitForWebviewFrame, screenshot } from './workbench.mjs';
