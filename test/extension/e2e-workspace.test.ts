/** The end-to-end tests' workspace (test/e2e/workspace) searches the same tiny space as the CLI tests. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { TINY_RUN } from '../support/spaces.js';

test('test/e2e/workspace/tiny.smash is TINY_RUN', () => {
    expect(readFileSync('test/e2e/workspace/tiny.smash', 'utf8')).toBe(TINY_RUN);
});
