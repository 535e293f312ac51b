/**
 * Run directories for the export tests: a sampled architecture built as the engine retrains it
 * (DerivedNet), with weights, BN affine parameters and running statistics moved away from their
 * initial values, saved as a finished run's retraining checkpoint.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../../src/shared/protocol.js';
import { architectureId, type Architecture } from '../../src/engine/space/architecture.js';
import type { Normalization } from '../../src/engine/data/normalize.js';
import { DerivedNet } from '../../src/engine/model/derived-net.js';
import { Random } from '../../src/engine/random.js';
import { saveCheckpoint, type NamedArray } from '../../src/engine/run/checkpoint.js';
import { runPaths } from '../../src/engine/run/run-dir.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';

/**
 * A space that draws every op kind: grouped, dilated, per-axis kernels, two paths of up to two
 * convs, bottlenecks, all activations, max and average transitions, a strided stem, and a head
 * whose 3x3 grid pools the last 4x4 maps with overlapping windows.
 */
export const ALL_KINDS_TEXT = `space AllKinds {
    data cifar10 { validation 100 }
    input 32 x 32 x 3
    classes 10
    unit 4
    maxWidth 16
    slice 2
    stem { kernel 5 width 16 stride 2 }
    block b1 { bankSize {1, 2} maxBanks 8 budget 0.5 .. 1.0 ops mixed }
    transition { width 24 pool max }
    block b2 { bankSize {1, 2, 4} maxBanks 12 budget 0.5 .. 1.0 ops mixed, plain }
    transition { width 20 pool avg }
    block b3 { bankSize 1 .. 2 maxBanks 8 budget 0.5 .. 1.0 ops mixed }
    head { grid 3 }
    op mixed {
        paths 1 .. 2
        depth 1 .. 2
        kernel {1, 3, 5}
        dilation {1, 2}
        groups {1, 2, 4}
        activation {relu, tanh, sigmoid}
        bottleneck {1, 2, 4}
    }
    op plain { kernel {3} dilation {1} groups {1} bottleneck 1 }
}
`;

export interface FixtureRun {
    dir: string;
    net: DerivedNet;
    normalization: Normalization;
}

/** Writes `dir` as a finished run whose rank-1 architecture is `arch`, retrained (or not) to `net`'s weights. */
export function writeRun(dir: string, space: SearchSpace, arch: Architecture, seed: string, retrained = true): FixtureRun {
    const paths = runPaths(dir);
    mkdirSync(join(dir, 'checkpoint'), { recursive: true });
    const id = architectureId(arch);
    const net = new DerivedNet(space, arch, new Random(`${seed}:init`));
    perturb(net, space, seed);
    const normalization = {
        mean: Array.from({ length: space.input.channels }, (_, c) => 0.3 + 0.1 * c),
        std: Array.from({ length: space.input.channels }, (_, c) => 0.25 + 0.05 * c),
    };
    const arrays: Record<string, NamedArray> = {};
    for (const p of net.parameters()) arrays[p.name] = { shape: p.variable.shape, data: p.variable.dataSync() as Float32Array };
    for (const [name, v] of Object.entries(net.statistics())) arrays[name] = { shape: v.shape, data: v.dataSync() as Float32Array };
    if (retrained) saveCheckpoint(paths.retrainCheckpoint(id), { meta: { step: 10 }, arrays });
    const results: RunResults = {
        runId: `fixture-${seed}`, name: space.name, spaceFile: `${space.name}.smash`, spaceHash: '0', seed: 1,
        backend: { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', version: '4.22.0', threads: 1, simd: true }, status: 'completed',
        architectures: [{
            rank: 1, id, score: 0.5, stage: 'random', params: 0, macs: 0, architecture: arch,
            ...(retrained ? { retrained: { epochs: 1, testError: 0.4, valError: 0.4, seconds: 1 } } : {}),
        }],
    };
    writeFileSync(paths.results, JSON.stringify(results));
    writeFileSync(paths.space, JSON.stringify(space));
    writeFileSync(paths.data, JSON.stringify({ normalization, train: 10, validation: 10, test: 10 }));
    return { dir, net, normalization };
}

/** Random BN affine parameters and bias, and running statistics from a few training-mode batches. */
function perturb(net: DerivedNet, space: SearchSpace, seed: string): void {
    const rng = new Random(`${seed}:perturb`);
    tf.tidy(() => {
        for (const p of net.parameters()) {
            if (!/gamma|beta|bias/.test(p.name)) continue;
            const values = Float32Array.from({ length: p.variable.size }, () => (p.name.endsWith('gamma') ? 0.5 + rng.next() : rng.next() - 0.5));
            p.variable.assign(tf.tensor(values, p.variable.shape));
        }
        for (let i = 0; i < 3; i++) {
            const { height, width, channels } = space.input;
            net.forward(tf.tensor4d(Float32Array.from({ length: 4 * height * width * channels }, () => 2 * rng.next() - 1), [4, height, width, channels]), true);
        }
    });
}

/** `count` images as pixel values / 255: NCHW for the exports, and NHWC normalised as the engine's batches are. */
export function testImages(space: SearchSpace, normalization: Normalization, count: number, seed: string): { nchw: Float32Array; nhwc: Float32Array } {
    const { height, width, channels } = space.input;
    const rng = new Random(`${seed}:images`);
    const nchw = new Float32Array(count * channels * height * width);
    const nhwc = new Float32Array(nchw.length);
    for (let n = 0; n < count; n++) {
        for (let y = 0; y < height; y++) {
            for (let x = 0; x < width; x++) {
                for (let c = 0; c < channels; c++) {
                    const pixel = Math.floor(rng.next() * 256) / 255;
                    nchw[((n * channels + c) * height + y) * width + x] = pixel;
                    nhwc[((n * height + y) * width + x) * channels + c] = (pixel - normalization.mean[c]!) / normalization.std[c]!;
                }
            }
        }
    }
    return { nchw, nhwc };
}
