// The packaged extension as a user meets it: smash-nas-<version>.vsix (npm run package) installed
// into a real VS Code (code-server) and driven through the workbench with Playwright. A broken file
// gets a squiggle and a Problems entry, completion offers the legal values, "SMASH: Start Search"
// runs a quick search on the tiny space to the end in the live panel, the results panel ranks the
// architectures, and a click on an op in its diagram selects that op's text in the editor.
// Saves the live and results panels as out/e2e-screenshots/*.png; with SMASH_UPDATE_SCREENSHOTS=1
// also as docs/images/*.png, the pictures the README shows (committed, so refreshed on purpose).
//   node --test test/e2e/ui/
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareWorkspace, REPO_ROOT } from '../extension/workspace.mjs';
import { startHost } from '../host.mjs';
import * as ui from '../ui.mjs';

const { name, publisher, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const VSIX = join(REPO_ROOT, `${name}-${version}.vsix`);
const IMAGES = join(REPO_ROOT, 'out/e2e-screenshots');
const DOC_IMAGES = process.env.SMASH_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs/images') : undefined;

/** Clicks the row of the open quick pick whose label contains `label`. */
async function pickItem(page, label) {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

describe('the packaged extension in VS Code', { timeout: 300_000 }, () => {
  let host;
  let page;
  let workspace;
  let tinyText;

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} does not exist: run npm run package first`);
    workspace = prepareWorkspace();
    tinyText = readFileSync(join(workspace.dir, 'tiny.smash'), 'utf8');
    writeFileSync(join(workspace.dir, 'broken.smash'), tinyText.replace('ops small }', 'ops nope }'));
    host = await startHost({ workspace: workspace.dir, installExtensions: [VSIX], viewport: { width: 1600, height: 960 } });
    page = host.page;
  });

  after(async () => {
    await host?.stop();
    workspace?.remove();
  });

  it('is installed from the VSIX', () => {
    const installed = readdirSync(join(host.server.tmp, 'extensions'));
    assert.ok(installed.includes(`${publisher}.${name}-${version}`), `extensions dir holds ${installed.join(', ')}`);
  });

  it('shows the diagnostic of a broken file as a squiggle and in Problems', async () => {
    await ui.openFile(page, 'broken.smash');
    await ui.waitForSquiggle(page);
    await ui.waitForProblem(page, 'nope');
    await page.keyboard.press('Control+J'); // hides the panel again: the screenshots need the room
    await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: 10_000 });
  });

  it('completes the legal values of pool', async () => {
    await ui.openFile(page, 'tiny.smash');
    const lines = tinyText.split('\n');
    const line = lines.findIndex((l) => l.includes('pool avg'));
    await ui.goToLine(page, line + 1, lines[line].indexOf('avg') + 1);
    const labels = await ui.completionItems(page);
    assert.ok(labels.includes('avg') && labels.includes('max'), `completion offered ${labels.join(', ')}`);
    await page.keyboard.press('Escape');
  });

  it('runs SMASH: Start Search to the end in the live panel', async () => {
    await ui.runCommand(page, 'View: Close Primary Side Bar'); // room for the editor and the panels
    await ui.runCommand(page, 'SMASH: Start Search');
    await pickItem(page, 'Quick run');
    // The VSIX's engine has tfjs bundled in: no native backends; the workspace setting puts wasm first.
    // Rows are recycled: a hidden detail line of the previous pick's rows is still in the DOM.
    const backends = page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').filter({ visible: true });
    await ui.poll(() => backends.allTextContents(), (labels) => labels.join() === 'wasm,auto,cpu', { what: 'the backends offered' });
    await pickItem(page, 'wasm');
    const live = await ui.waitForWebviewFrame(page, 'ol.phases');
    const phase = () => live.locator('.phases li.current').textContent();
    const step = live.locator('dl.stats div', { has: live.locator('dt', { hasText: /^Step$/ }) }).locator('dd');
    // The screenshot shows the run live: retraining the best architectures, the HyperNet's curves complete.
    const seen = await ui.poll(async () => [await phase(), await step.textContent()],
      ([current, steps]) => current === 'Done' || (current === 'Retrain the best' && steps !== '–'),
      { timeoutMs: 180_000, intervalMs: 250, what: 'the live panel retraining' });
    await shoot(page, 'live-panel.png');
    if (seen[0] !== 'Done') assert.equal(await live.locator('p.status').textContent(), 'Running');
    await ui.poll(phase, (text) => text === 'Done', { timeoutMs: 180_000, intervalMs: 500, what: 'the live panel reaching Done' });
    assert.equal(await live.locator('p.status').textContent(), 'Finished');
  });

  it('ranks the architectures in the results panel; a click on an op selects it in the editor', async () => {
    const runs = join(workspace.dir, '.smash/runs');
    const [runDir] = readdirSync(runs).map((d) => join(runs, d));
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8'));
    const live = await ui.waitForWebviewFrame(page, 'ol.phases');
    await live.getByRole('button', { name: 'Show Results' }).click();
    const panel = await ui.waitForWebviewFrame(page, 'table.ranked');
    const rows = panel.locator('table.ranked tbody tr');
    await ui.poll(() => rows.count(), (n) => n === results.architectures.length, { what: 'one table row per ranked architecture' });
    assert.equal(await rows.first().locator('td').first().textContent(), '1');

    // The diagram shows the selected architecture, #1 at first; its first op comes from `op small { … }`.
    const { range } = results.architectures[0].architecture.blocks[0].ops[0].sources.definition;
    assert.equal(range.start.line, range.end.line, 'op small is written on one line');
    await panel.locator('g.chip.op').first().click();
    await ui.waitForSelection(page, { line: range.end.line + 1, column: range.end.character + 1, selected: range.end.character - range.start.character });
    await ui.runCommand(page, 'Notifications: Clear All Notifications');
    await shoot(page, 'results-panel.png');
  });
});

async function shoot(page, name) {
    await ui.screenshot(page, join(IMAGES, name));
    if (DOC_IMAGES) await ui.screenshot(page, join(DOC_IMAGES, name));
}
