/**
 * The exported PyTorch module and ONNX model compute what the engine computes: for the example
 * spaces and sampled architectures covering every op kind and a head grid on square and non-square
 * maps, logits on the same images agree to a relative error of 1e-4 (max |export - engine| /
 * max |engine|), through ONNX Runtime and through Debian's python3-torch
 * (scripts/python-torch-install.sh). The PyTorch module also trains.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Architecture } from '../../src/engine/space/architecture.js';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { className, EXPORT_FILES, exportRun } from '../../src/engine/export/export-run.js';
import { Random } from '../../src/engine/random.js';
import { maxRelativeError } from '../../src/engine/relative-error.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { compileText, fixtures } from './arch-fixtures.js';
import { ALL_KINDS_TEXT, testImages, writeRun } from './export-fixtures.js';

const PYTHON = process.env.SMASH_PYTHON ?? '/usr/bin/python3';
const TOLERANCE = 1e-4;

interface Case {
    label: string;
    space: SearchSpace;
    arch: Architecture;
    dir: string;
    images: Float32Array;
    shape: [number, number, number, number];
    /** The engine's logits, [batch, classes] row by row. */
    engine: Float32Array;
}

const root = mkdtempSync(join(tmpdir(), 'smash-export-'));
const cases: Case[] = [];

beforeAll(async () => {
    await selectBackend('wasm');
    // 32 x 24 images end on 4 x 3 maps, whose 3x3 grid pools with 2x1 windows: each axis has its own.
    const wide = await compileText(ALL_KINDS_TEXT.replace('input 32 x 32 x 3', 'input 32 x 24 x 3'));
    const spaces = [
        ...(await fixtures()).map((f) => ({ name: f.name, space: f.space })),
        { name: 'all-kinds', space: await compileText(ALL_KINDS_TEXT) }, { name: 'all-kinds-32x24', space: wide },
    ];
    const samples: Record<string, number> = { 'fashion-tiny': 3, 'smash-v2-cifar10': 1, 'spec-tiny': 2, 'all-kinds': 10, 'all-kinds-32x24': 3 };
    for (const { name, space } of spaces) {
        for (let i = 0; i < samples[name]!; i++) {
            const label = `${name} #${i}`;
            const arch = sampleArchitecture(space, new Random(`export:${name}:${i}`));
            const dir = join(root, `${name}-${i}`);
            const run = writeRun(join(dir, 'run'), space, arch, label);
            const batch = name === 'smash-v2-cifar10' ? 2 : 4;
            const { nchw, nhwc } = testImages(space, run.normalization, batch, label);
            const { height, width, channels } = space.input;
            const engine = tf.tidy(() => run.net.forward(tf.tensor4d(nhwc, [batch, height, width, channels]), false).dataSync() as Float32Array);
            for (const format of ['pytorch', 'onnx'] as const) exportRun({ runDir: run.dir, rank: 1, format, output: join(dir, format) });
            cases.push({ label, space, arch, dir, images: nchw, shape: [batch, channels, height, width], engine });
        }
    }
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));


describe('exported models match the engine', () => {
    test('the sampled architectures cover every op kind', () => {
        const convs = cases.flatMap((c) => c.arch.blocks.flatMap((b) => b.ops.flatMap((o) => o.convs)));
        const ops = cases.flatMap((c) => c.arch.blocks.flatMap((b) => b.ops));
        expect(convs.some((c) => c.groups > 1), 'grouped').toBe(true);
        expect(convs.some((c) => c.dilation[0] > 1 || c.dilation[1] > 1), 'dilated').toBe(true);
        expect(convs.some((c) => c.kernel[0] !== c.kernel[1]), 'per-axis kernels').toBe(true);
        expect(convs.some((c) => c.activation === 'tanh') && convs.some((c) => c.activation === 'sigmoid'), 'activations').toBe(true);
        expect(ops.some((o) => o.structure.length > 1), 'two paths').toBe(true);
        expect(ops.some((o) => o.structure.some((d) => d > 1)), 'two convs deep').toBe(true);
        expect(ops.some((o) => o.nB < o.nIn), 'bottlenecks').toBe(true);
        expect(ops.some((o) => o.writes.length > 1), 'writes to several banks').toBe(true);
        const pools = new Set(cases.flatMap((c) => c.space.transitions.map((t) => t.pool)));
        expect([...pools].sort()).toEqual(['avg', 'max']);
    });

    test('ONNX Runtime: logits within 1e-4', async () => {
        let worst = 0;
        for (const c of cases) {
            const session = await ort.InferenceSession.create(readFileSync(join(c.dir, 'onnx', EXPORT_FILES.onnx)));
            const { logits } = await session.run({ images: new ort.Tensor('float32', c.images, c.shape) });
            const error = maxRelativeError(logits!.data as Float32Array, c.engine);
            expect(error, c.label).toBeLessThanOrEqual(TOLERANCE);
            worst = Math.max(worst, error);
        }
        console.log(`ONNX: max relative error ${worst.toExponential(2)} over ${cases.length} architectures`);
    }, 120_000);

    test('PyTorch: logits within 1e-4, and a few training steps lower the loss', () => {
        const entries = cases.map((c, i) => {
            const images = join(c.dir, 'images.f32');
            writeFileSync(images, c.images);
            return {
                module: join(c.dir, 'pytorch', EXPORT_FILES.pytorch), class: className(c.space.name, 1),
                weights: join(c.dir, 'pytorch', EXPORT_FILES.weights), images, shape: c.shape, index: i,
            };
        });
        const run = spawnSync(PYTHON, ['test/support/run-exported.py', JSON.stringify(entries)], { encoding: 'utf8', timeout: 240_000 });
        if (run.error || run.status !== 0) {
            throw new Error(`${PYTHON} failed (${run.error?.message ?? run.stderr.trim().split('\n').pop()}); run scripts/python-torch-install.sh`);
        }
        const outputs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { logits: number[]; losses: number[] });
        expect(outputs).toHaveLength(cases.length);
        let worst = 0;
        outputs.forEach((out, i) => {
            const error = maxRelativeError(out.logits, cases[i]!.engine);
            expect(error, cases[i]!.label).toBeLessThanOrEqual(TOLERANCE);
            expect(out.losses.at(-1)!, `${cases[i]!.label} loss ${out.losses.join(' ')}`).toBeLessThan(out.losses[0]!);
            worst = Math.max(worst, error);
        });
        console.log(`PyTorch: max relative error ${worst.toExponential(2)} over ${cases.length} architectures`);
    }, 300_000);

    test('model.py comments every op and conv with the .smash lines it came from', () => {
        for (const c of cases) {
            const text = readFileSync(join(c.dir, 'pytorch', EXPORT_FILES.pytorch), 'utf8');
            const ops = c.arch.blocks.reduce((n, b) => n + b.ops.length, 0);
            const convs = c.arch.blocks.reduce((n, b) => n + b.ops.reduce((m, o) => m + o.convs.length, 0), 0);
            expect(text.match(/^ *# op \d+: op \w+.*\(line \d+\)$/gm), c.label).toHaveLength(ops);
            expect(text.match(/^ *# kernel (\d+x\d+|height \d+).*\(line \d+\)$/gm), c.label).toHaveLength(convs);
            expect(text).not.toMatch(/\t| +$/m);
        }
    });
});
