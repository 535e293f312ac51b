// Basic workbench actions for Playwright tests: command palette, quick open, webview frames, screenshots.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Opens a quick-input box with `key`, types `text` and presses Enter on the row whose label is `label`.
 * The list is built when the box opens, so an item registered a moment later (an extension's command
 * just after startup, a file not indexed yet) is missing: close the box, wait, and try again.
 */
async function pickFromQuickInput(page, { key, text, label, exact, timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs;
  const name = exact ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label;
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: name }) }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    try {
      await row.waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(500, deadline - Date.now())) });
      await row.click();
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`${what} '${label}' not found after ${attempt} attempts (${timeoutMs / 1000} s)`);
      await sleep(1000);
    }
  }
}

/** Runs a command by its palette title, e.g. 'SMASH: Search Architectures' ("Category: Title"). */
export function runCommand(page, title, { timeoutMs = 30_000 } = {}) {
  return pickFromQuickInput(page, { key: 'F1', text: `>${title}`, label: title, exact: true, timeoutMs, what: 'command' });
}

/** Opens a workspace file through quick open (Ctrl+P) and waits for its tab to be active. */
export async function openFile(page, name, { timeoutMs = 30_000 } = {}) {
  const base = name.split('/').pop();
  await pickFromQuickInput(page, { key: 'Control+P', text: name, label: base, exact: true, timeoutMs, what: 'file' });
  await activeTab(page, base).waitFor({ timeout: 10_000 });
}

/** The active editor tab with the given label. */
export function activeTab(page, label) {
  return page.locator('.tabs-container .tab.active').filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
  });
}

/**
 * Returns the Playwright Frame of the webview whose document has `selector`. A webview is two nested
 * iframes (…/webview/browser/pre/index.html?id=… holding fake.html, the extension's HTML); the Frame
 * is the inner one, so frame.click / frame.evaluate act on the extension's DOM directly.
 */
export async function waitForWebviewFrame(page, selector, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    for (const frame of page.frames()) {
      const parent = frame.parentFrame();
      if (!parent || !parent.url().includes('/webview/browser/pre/')) continue;
      if (frame.isDetached()) continue;
      try {
        if (await frame.locator(selector).count() > 0) return frame;
      } catch { /* frame navigated or detached while asking */ }
    }
    if (Date.now() > deadline) throw new Error(`no webview contains '${selector}' after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Saves a PNG of the whole page (creating the directory) and returns its path. */
export async function screenshot(page, path) {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
  return path;
}
