// The extension test suite's entry point, in the @vscode/test-electron contract: the extension host
// loads this module and awaits run(). Used by test/e2e/extension/run.mjs (offline, code-server) and by
// test/e2e/run-test-electron.mjs (a downloaded VS Code).
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  // No colours: the output reaches the terminal through the workbench's console.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  mocha.addFile(path.join(__dirname, 'extension.test.cjs'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
};
