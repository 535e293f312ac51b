// node --test test/e2e/console.test.mjs  (plain Node, no VS Code host needed; the argument lists were captured
// from VS Code 1.100.3's workbench console).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extensionHostLine, formatConsoleArgs } from './console.mjs';

test('printf-style extension host lines are formatted, label and CSS dropped', () => {
  assert.equal(extensionHostLine(['%c[Extension Host] %c  %d passing (%s)', 'color: blue', 'color: ', 4, '891ms']), '  4 passing (891ms)');
  assert.equal(extensionHostLine(['%c[Extension Host] %c    ✔ %s', 'color: blue', 'color: ', 'runs']), '    ✔ runs');
  assert.equal(extensionHostLine(['%c[Extension Host] %cactivated in %s on node %s', 'color: blue', 'color: ', 'code-server', 'v20.20.2']),
    'activated in code-server on node v20.20.2');
});

test('an empty console.log() becomes an empty line, not a stray %', () => {
  assert.equal(extensionHostLine(['%c[Extension Host]%', 'color: blue']), '');
});

test('the top stack frame VS Code appends is dropped', () => {
  assert.equal(extensionHostLine(['%c[Extension Host] %chello %c(at activate (/x/ext.js:3:9))', 'color: blue', 'color: ', 'color: grey']), 'hello');
});

test('workbench messages, including the logger copy of extension host errors, are not extension host lines', () => {
  assert.equal(extensionHostLine(['%c INFO', 'color: #33f', 'Resolving connection token (127.0.0.1:1)...']), undefined);
  assert.equal(extensionHostLine(['%c  ERR', 'color: #f33', '[Extension Host] boom']), undefined);
});

test('leftover string arguments are formats of their own; %% and missing arguments stay literal', () => {
  assert.equal(formatConsoleArgs(['%c INFO', 'color: #33f', '%d passing (%s)', 4, '2s']), ' INFO 4 passing (2s)');
  assert.equal(formatConsoleArgs(['100%% of %s', 'x']), '100% of x');
  assert.equal(formatConsoleArgs(['%s and %s', 'one']), 'one and %s');
  assert.equal(formatConsoleArgs([{ a: 1 }, 2]), '{ a: 1 } 2');
});
