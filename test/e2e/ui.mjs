// Playwright helpers for UI tests against the VS Code host of host.mjs: webviews, the editor selection,
// squiggles, the Problems panel, completions, notifications. Selectors are VS Code 1.100's DOM.
import { waitForWebviewFrame } from './workbench.mjs';

export { runCommand, openFile, activeTab, waitForWebviewFrame, screenshot } from './workbench.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `accept(value)` holds; the error names `what` and the last value seen. */
export async function poll(read, accept, { timeoutMs = 15_000, intervalMs = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (true) {
    try { last = await read(); } catch (err) { last = `<${err.message.split('\n')[0]}>`; }
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs / 1000} s (last: ${JSON.stringify(last)})`);
    await sleep(intervalMs);
  }
}

/** Text content of `selector` inside the webview that has it. */
export async function webviewText(page, selector, opts) {
  const frame = await waitForWebviewFrame(page, selector, opts);
  return (await frame.locator(selector).first().textContent()) ?? '';
}

/** Clicks `selector` inside the webview that has it (a real mouse click, so the webview's handlers run). */
export async function clickInWebview(page, selector, opts) {
  const frame = await waitForWebviewFrame(page, selector, opts);
  await frame.locator(selector).first().click();
  return frame;
}

/**
 * The active text editor's cursor as the status bar shows it: "Ln 3, Col 7 (12 selected)" or, with several
 * cursors, "2 selections (9 characters selected)". Lines/columns are 1-based like the UI. Undefined when no
 * text editor is active (e.g. a webview has focus, which hides the item).
 */
export async function editorSelection(page) {
  const item = page.locator('[id="status.editor.selection"]');
  if (await item.count() === 0 || !(await item.isVisible())) return undefined;
  const text = (await item.textContent())?.trim() ?? '';
  const single = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  if (single) return { text, line: +single[1], column: +single[2], selected: +(single[3] ?? 0), selections: 1 };
  const multi = /(\d+) selections(?: \((\d+) characters selected\))?/.exec(text);
  if (multi) return { text, selections: +multi[1], selected: +(multi[2] ?? 0) };
  return { text };
}

/** Waits until the status bar selection matches every field of `expected`, e.g. { line: 2, selected: 5 }. */
export function waitForSelection(page, expected, opts = {}) {
  const matches = (s) => s !== undefined && Object.entries(expected).every(([k, v]) => s[k] === v);
  return poll(() => editorSelection(page), matches, { what: `editor selection ${JSON.stringify(expected)}`, ...opts });
}

/** Waits for a squiggle of `severity` (error | warning | info | hint) in a visible editor; returns its locator. */
export async function waitForSquiggle(page, { severity = 'error', timeoutMs = 30_000 } = {}) {
  const squiggle = page.locator(`.monaco-editor .squiggly-${severity}`).first();
  await squiggle.waitFor({ state: 'attached', timeout: timeoutMs });
  return squiggle;
}

async function showProblems(page) {
  if (await page.locator('.markers-panel').isVisible().catch(() => false)) return;
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10_000 });
}

/** Opens the Problems panel and returns one string per row (file rows and marker rows, as the UI reads them). */
export async function problems(page) {
  await showProblems(page);
  const rows = page.locator('.markers-panel .monaco-list-row');
  const out = [];
  for (let i = 0; i < await rows.count(); i++) {
    out.push((await rows.nth(i).getAttribute('aria-label')) ?? (await rows.nth(i).textContent()) ?? '');
  }
  return out;
}

/** Waits until a Problems panel row contains `text`; returns that row's text. */
export async function waitForProblem(page, text, opts = {}) {
  const rows = await poll(() => problems(page), (r) => Array.isArray(r) && r.some((row) => row.includes(text)),
    { timeoutMs: 30_000, what: `Problems entry '${text}'`, ...opts });
  return rows.find((row) => row.includes(text));
}

/** Moves the cursor of the active editor with Go to Line (Ctrl+G), 1-based like the UI. */
export async function goToLine(page, line, column = 1) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitForSelection(page, { line, column });
}

/**
 * Triggers suggestions (Ctrl+Space) at the cursor and returns the labels the completion widget lists.
 * Providers may not be ready yet (a language server still starting): on "No suggestions." close and retrigger.
 */
export async function completionItems(page, { timeoutMs = 15_000 } = {}) {
  const widget = page.locator('.editor-widget.suggest-widget');
  const rows = widget.locator('.monaco-list-row .label-name');
  return poll(async () => {
    if (!(await widget.isVisible())) {
      await page.keyboard.press('Control+Space');
      await widget.waitFor({ state: 'visible', timeout: 3000 });
    }
    const labels = await rows.allTextContents();
    if (labels.length > 0) return labels;
    const message = (await widget.locator('.message').first().textContent({ timeout: 500 }).catch(() => null))?.trim();
    if (message && message !== 'Loading...') {
      await page.keyboard.press('Escape');
      throw new Error(`suggest widget says '${message}'`);
    }
    return labels;
  }, (labels) => Array.isArray(labels) && labels.length > 0, { timeoutMs, what: 'completion items' });
}

/** Waits for a notification toast containing `text`; returns its full text. */
export async function waitForNotification(page, text, { timeoutMs = 15_000 } = {}) {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await toast.textContent()) ?? '';
}
