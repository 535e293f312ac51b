// A throwaway copy of test/e2e/workspace for one test run: the tests write broken copies and run
// directories (.smash/runs) into it, and the committed fixture stays untouched.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const FIXTURE = join(REPO_ROOT, 'test/e2e/workspace');

/** Returns the copy's path and a remove() that deletes it. */
export function prepareWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'smash-e2e-'));
  const dir = join(root, 'workspace');
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
