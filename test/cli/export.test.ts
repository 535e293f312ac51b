/**
 * `smash export --format json|pytorch|onnx` as users run it, on finished run directories: what it
 * writes, and one-line errors that leave nothing behind for a run without retrained weights, an
 * architecture from another space, a damaged run directory and a target it cannot write.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import type { RunResults } from '../../src/shared/protocol.js';
import { compileText, TINY_TEXT } from '../engine/arch-fixtures.js';
import { ALL_KINDS_TEXT, writeRun } from '../engine/export-fixtures.js';
import { smash } from '../support/cli.js';

let space: SearchSpace;
let other: SearchSpace;
let root: string;

beforeAll(async () => {
    await selectBackend('wasm');
    space = await compileText(ALL_KINDS_TEXT);
    other = await compileText(TINY_TEXT);
    root = mkdtempSync(join(tmpdir(), 'smash-export-cli-'));
});

let count = 0;
function run(retrained = true): string {
    const dir = join(root, `run${count++}`);
    writeRun(dir, space, sampleArchitecture(space, new Random(`cli:${count}`)), `cli:${count}`, retrained);
    return dir;
}

/** A failed export prints one line, and leaves neither the target nor a staging directory. */
function expectCleanFailure(args: string[], target: string, message: RegExp): void {
    const before = readdirSync(root).sort();
    const result = smash(args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(root).sort()).toEqual(before);
}

describe('smash export', () => {
    test('--format pytorch writes model.py, weights.safetensors and architecture.json', () => {
        const dir = run();
        const out = join(root, 'torch');
        const result = smash(['export', dir, '--rank', '1', '--format', 'pytorch', '-o', out]);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout.trim()).toBe(`wrote architecture.json, model.py, weights.safetensors to ${out}`);
        expect(readdirSync(out).sort()).toEqual(['architecture.json', 'model.py', 'weights.safetensors']);
        const model = readFileSync(join(out, 'model.py'), 'utf8');
        expect(model).toContain('class AllKindsRank1(nn.Module):');
        expect(model).toMatch(/^import torch$/m);
        expect(model.match(/^(?:import|from) (\S+)/gm)).toEqual(['import json', 'import struct', 'import torch', 'from torch']);
    });

    test('--format onnx writes model.onnx and architecture.json', () => {
        const out = join(root, 'onnx');
        const result = smash(['export', run(), '--rank', '1', '--format', 'onnx', '-o', out]);
        expect(result.status, result.stderr).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['architecture.json', 'model.onnx']);
    });

    test('a run without retrained weights exports the architecture alone and says so', () => {
        const dir = run(false);
        const torch = smash(['export', dir, '--rank', '1', '--format', 'pytorch', '-o', join(root, 'fresh-torch')]);
        expect(torch.status, torch.stderr).toBe(0);
        expect(torch.stdout).toMatch(/not retrained in this run, so model\.py starts from a fresh initialisation/);
        expect(readdirSync(join(root, 'fresh-torch')).sort()).toEqual(['architecture.json', 'model.py']);
        const onnx = smash(['export', dir, '--rank', '1', '--format', 'onnx', '-o', join(root, 'fresh-onnx')]);
        expect(onnx.status, onnx.stderr).toBe(0);
        expect(onnx.stdout).toMatch(/not retrained in this run, so there is no ONNX model/);
        expect(readdirSync(join(root, 'fresh-onnx'))).toEqual(['architecture.json']);
    });

    test('JSON: to a file with -o, to standard output without', () => {
        const dir = run();
        const file = join(root, 'a.json');
        expect(smash(['export', dir, '--rank', '1', '-o', file]).status).toBe(0);
        const printed = smash(['export', dir, '--rank', '1']);
        expect(JSON.parse(printed.stdout)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    });

    test('an architecture from another space is refused', () => {
        const dir = run();
        const path = join(dir, 'results.json');
        const results = JSON.parse(readFileSync(path, 'utf8')) as RunResults;
        results.architectures[0]!.architecture = sampleArchitecture(other, new Random('other'));
        writeFileSync(path, JSON.stringify(results));
        expectCleanFailure(['export', dir, '--rank', '1', '--format', 'onnx', '-o', join(root, 'x1')], join(root, 'x1'),
            /^smash: architecture #1 of .* does not belong to the run's space AllKinds: /);
    });

    test('a damaged run directory is refused', () => {
        const truncated = run();
        const checkpoint = join(truncated, 'checkpoint', readdirSync(join(truncated, 'checkpoint'))[0]!);
        writeFileSync(checkpoint, readFileSync(checkpoint).subarray(0, 200));
        expectCleanFailure(['export', truncated, '--rank', '1', '--format', 'pytorch', '-o', join(root, 'x2')], join(root, 'x2'),
            /^smash: .*retrain-\w+\.bin: not a usable checkpoint/);
        const broken = run();
        writeFileSync(join(broken, 'space.json'), '{"name": ');
        expectCleanFailure(['export', broken, '--rank', '1', '--format', 'onnx', '-o', join(root, 'x3')], join(root, 'x3'),
            /^smash: .*space\.json is not valid JSON .*the run directory is damaged/);
        expectCleanFailure(['export', root, '--rank', '1', '--format', 'onnx', '-o', join(root, 'x4')], join(root, 'x4'),
            /^smash: .* is not a finished SMASH run \(no results\.json\)/);
    });

    test('an unwritable or occupied target is refused', () => {
        const dir = run();
        const file = join(root, 'plain-file');
        writeFileSync(file, 'x');
        expectCleanFailure(['export', dir, '--rank', '1', '--format', 'pytorch', '-o', join(file, 'out')], join(file, 'out'),
            /^smash: cannot write .*plain-file\/out: a part of the path is a file, not a directory$/);
        const occupied = smash(['export', dir, '--rank', '1', '--format', 'onnx', '-o', join(root, 'torch')]);
        expect(occupied.status).toBe(2);
        expect(occupied.stderr.trim()).toMatch(/torch already exists and is not empty; choose another -o DIR$/);
        const usage = smash(['export', dir, '--rank', '1', '--format', 'keras', '-o', join(root, 'k')]);
        expect(usage.status).toBe(2);
        expect(usage.stderr).toMatch(/--format must be one of json, pytorch, onnx, got 'keras'/);
    });
});
