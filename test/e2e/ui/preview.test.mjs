// "SMASH: Preview Space" in the installed .vsix, through the workbench: the preview opens beside the
// editor, pages through the sampled architectures, redraws after an edit to a knob, keeps its last
// picture (and says so) while the file has errors, and a click on a knob value's bar selects that
// value in the editor. Saves out/e2e-screenshots/preview-panel.png (with SMASH_UPDATE_SCREENSHOTS=1
// also docs/images/preview-panel.png).
//   node --test test/e2e/ui/preview.test.mjs
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepareWorkspace, REPO_ROOT } from '../extension/workspace.mjs';
import { startHost } from '../host.mjs';
import * as ui from '../ui.mjs';

const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const VSIX = join(REPO_ROOT, `${name}-${version}.vsix`);
const IMAGE = 'preview-panel.png';

describe('SMASH: Preview Space in VS Code', { timeout: 300_000 }, () => {
  let host;
  let page;
  let workspace;
  let lines;
  let frame;

  before(async () => {
    assert.ok(existsSync(VSIX), `${VSIX} does not exist: run npm run package first`);
    workspace = prepareWorkspace();
    lines = readFileSync(join(workspace.dir, 'tiny.smash'), 'utf8').split('\n');
    host = await startHost({ workspace: workspace.dir, installExtensions: [VSIX], viewport: { width: 1600, height: 960 } });
    page = host.page;
  });

  after(async () => {
    await host?.stop();
    workspace?.remove();
  });

  const kernelLine = () => lines.findIndex((l) => l.includes('op small'));
  const knobValues = (knob) => frame.locator(`svg.knob[aria-label="op small ${knob}"] g.knob-value text.value`).allTextContents();

  it('opens beside the editor with the first of the sampled architectures and the charts', async () => {
    await ui.runCommand(page, 'View: Close Primary Side Bar');
    await ui.openFile(page, 'tiny.smash');
    await ui.runCommand(page, 'SMASH: Preview Space');
    frame = await ui.waitForWebviewFrame(page, '#position');
    assert.equal(await frame.locator('#position').textContent(), 'Architecture 1 of 10');
    assert.match(await frame.locator('header .summary').textContent(), /^Seed 5: /);
    assert.ok(await frame.locator('svg.diagram g.chip.op').count() > 0, 'the diagram shows ops');
    assert.deepEqual(await knobValues('kernel'), ['3']);
    const first = await frame.locator('#arch-summary').textContent();
    await frame.locator('#next').click();
    await ui.poll(() => frame.locator('#position').textContent(), (t) => t === 'Architecture 2 of 10', { what: 'the second architecture' });
    assert.notEqual(await frame.locator('#arch-summary').textContent(), first);
  });

  it('redraws after a knob is edited, and keeps the last picture while the file has errors', async () => {
    const line = kernelLine();
    const column = lines[line].indexOf('kernel {3}') + 'kernel {'.length + 1;
    // The editor is in the first group; quick open would open a second copy in the preview's group.
    await ui.runCommand(page, 'View: Focus First Editor Group');
    await ui.goToLine(page, line + 1, column);
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('3, 5');
    await ui.poll(() => knobValues('kernel'), (v) => v.join() === '3,5', { what: 'the kernel chart redrawn with 3 and 5', timeoutMs: 10_000 });
    // An even kernel size is an error: the picture stays, a notice says why.
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('4');
    await ui.poll(() => frame.locator('#stale').textContent().catch(() => ''), (t) => /has errors, so this is the last good preview/.test(t),
      { what: 'the notice of errors', timeoutMs: 10_000 });
    assert.deepEqual(await knobValues('kernel'), ['3', '5']);
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('5');
    await ui.poll(() => frame.locator('#stale').count(), (n) => n === 0, { what: 'the notice gone once the file is fixed', timeoutMs: 10_000 });
    lines[line] = lines[line].replace('kernel {3}', 'kernel {3, 5}');
  });

  it('selects a knob value in the editor when its bar is clicked', async () => {
    const line = kernelLine();
    const five = lines[line].indexOf('kernel {3, 5}') + 'kernel {3, '.length;
    await frame.locator('svg.knob[aria-label="op small kernel"] g.knob-value')
      .filter({ has: frame.locator('text.value', { hasText: /^5$/ }) }).click();
    await ui.waitForSelection(page, { line: line + 1, column: five + 2, selected: 1 });
    await ui.runCommand(page, 'Notifications: Clear All Notifications');
    await frame.evaluate(() => window.scrollTo(0, 0)); // the picture shows the controls and the diagram
    await ui.screenshot(page, join(REPO_ROOT, 'out/e2e-screenshots', IMAGE));
    if (process.env.SMASH_UPDATE_SCREENSHOTS === '1') await ui.screenshot(page, join(REPO_ROOT, 'docs/images', IMAGE));
  });
});
