import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        exclude: ['test/e2e/**', 'node_modules/**'],
        setupFiles: ['./scripts/node20-polyfills.cjs'],
        globalSetup: ['./test/support/build.ts'],
        testTimeout: 60_000,
        pool: 'forks',
    },
});
