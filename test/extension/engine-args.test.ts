import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BACKEND_CHOICES, describeOverrides, offeredBackends, quickRunOverrides, resumeArgs, searchArgs } from '../../src/extension/engine-args.js';
import { errorSummary } from '../../src/extension/preflight.js';
import { OVERRIDE_FLAGS, QUICK_RUN, type RunOverrides } from '../../src/shared/protocol.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const settings = manifest.contributes.configuration.properties as Record<string, { default: unknown; enum?: string[] }>;

describe('engine command lines', () => {
    test('search passes the file, the run directory, the backend and each override by its flag', () => {
        expect(searchArgs('/w/a b.smash', '/w/.smash/runs/r', 'wasm', { epochs: 1, retrainEpochs: 2, seed: 7 }, {})).toEqual([
            'search', '/w/a b.smash', '--run-dir', '/w/.smash/runs/r', '--backend', 'wasm', '--epochs', '1', '--retrain-epochs', '2', '--seed', '7',
        ]);
        expect(searchArgs('f', 'd', 'auto', {}, {})).toEqual(['search', 'f', '--run-dir', 'd', '--backend', 'auto']);
        expect(resumeArgs('/runs/r', 'wasm', {})).toEqual(['resume', '/runs/r', '--backend', 'wasm']);
    });

    test('the data locations of a packaged engine reach search and resume', () => {
        const data = { cacheDir: '/storage/data-cache', packageDir: '/ext/out/engine/fashion-mnist' };
        expect(searchArgs('f', 'd', 'wasm', { epochs: 1 }, data)).toEqual([
            'search', 'f', '--run-dir', 'd', '--backend', 'wasm',
            '--cache-dir', '/storage/data-cache', '--data-package', '/ext/out/engine/fashion-mnist', '--epochs', '1',
        ]);
        expect(resumeArgs('r', 'cpu', { cacheDir: '/c' })).toEqual(['resume', 'r', '--backend', 'cpu', '--cache-dir', '/c']);
    });

    test('an installed VSIX, whose engine has tfjs bundled in, offers no native backends', () => {
        expect(offeredBackends(false)).toEqual(BACKEND_CHOICES.filter((b) => b !== 'webgpu'));
        expect(offeredBackends(false, true)).toEqual([...BACKEND_CHOICES]);
        expect(offeredBackends(true)).toEqual(['auto', 'wasm', 'cpu']);
        expect(offeredBackends(true, true)).toEqual(['auto', 'webgpu', 'wasm', 'cpu']);
    });

    test('every quick-run size has a flag', () => {
        const args = searchArgs('f', 'd', 'cpu', QUICK_RUN, {});
        for (const key of Object.keys(QUICK_RUN) as Array<keyof RunOverrides>) {
            expect(args[args.indexOf(OVERRIDE_FLAGS[key]) + 1]).toBe(String(QUICK_RUN[key]));
        }
    });

    test('settings replace quick-run sizes only with positive integers', () => {
        const values: Record<string, unknown> = { epochs: 3, train: -5, validation: 2.5, test: '100', top: 0 };
        expect(quickRunOverrides((key) => values[key])).toEqual({ ...QUICK_RUN, epochs: 3 });
    });

    test('the quick pick describes the sizes', () => {
        expect(describeOverrides(QUICK_RUN)).toBe('train 1 epoch on 10,000 images · score 20+5+5 architectures · retrain the best 3 for 2 epochs');
        expect(describeOverrides({})).toBe('');
    });
});

describe('package.json', () => {
    test('the quickRun settings default to QUICK_RUN, one setting per size', () => {
        const quick = Object.entries(settings).filter(([key]) => key.startsWith('smash.quickRun.'));
        expect(Object.fromEntries(quick.map(([key, s]) => [key.slice('smash.quickRun.'.length), s.default]))).toEqual(QUICK_RUN);
    });

    test('the backend setting offers exactly the backends the engine takes', () => {
        expect(settings['smash.engine.backend']!.enum).toEqual([...BACKEND_CHOICES]);
    });

    test('commands, serializer activation and restricted settings are declared', () => {
        const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
        expect(commands).toEqual(['smash.startSearch', 'smash.stopSearch', 'smash.resumeSearch', 'smash.showResults', 'smash.openRun', 'smash.previewSpace']);
        expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:smash', 'onWebviewPanel:smash.live', 'onWebviewPanel:smash.results']));
        expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
        expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toContain('smash.engine.nodePath');
    });
});

describe('refusing a file with errors', () => {
    test('lists the first errors by line, 1-based, and counts the rest', () => {
        const errors = [
            { line: 9, character: 4, message: 'Kernel size 4 must be odd.' },
            { line: 2, character: 0, message: 'Unknown op\n  family.' },
            { line: 20, character: 1, message: 'c' },
            { line: 30, character: 1, message: 'd' },
        ];
        expect(errorSummary('t.smash', errors)).toBe(
            'Cannot start a search: t.smash has 4 errors. line 3:1: Unknown op family; line 10:5: Kernel size 4 must be odd; line 21:2: c (and 1 more).');
        expect(errorSummary('t.smash', [errors[0]!])).toBe('Cannot start a search: t.smash has 1 error. line 10:5: Kernel size 4 must be odd.');
        expect(errorSummary('t.smash', [])).toBeUndefined();
    });
});
