/**
 * What the benchmark times: two fixed spaces and, in each, one fixed architecture, drawn with a
 * fixed seed at full budget, so that every run and every implementation (tfjs, PyTorch) times the
 * same network. Their multiply-accumulates are counted here, so that figures compare across
 * implementations as effective GFLOP/s.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFiles } from '../src/cli/documents.js';
import type { Architecture } from '../src/engine/space/architecture.js';
import { countMacs, hypernetLayers } from '../src/engine/space/cost.js';
import { generatedColumns } from '../src/engine/space/encoding.js';
import { memoryChannels } from '../src/engine/model/network.js';
import { Random } from '../src/engine/random.js';
import { sampleArchitecture } from '../src/engine/space/sampler.js';
import type { SearchSpace } from '../src/engine/space/space.js';

/**
 * fashion-tiny: the shipped laptop example (28x28x1). cifar: the paper's SMASHv2 space on 32x32x3,
 * whose fixed architecture is the size of the 73 M MAC network of the engine findings.
 */
export const SPACES = {
    'fashion-tiny': 'examples/fashion-tiny.smash',
    cifar: 'bench/spaces/cifar-bench.smash',
} as const;

export type SpaceKey = keyof typeof SPACES;

export interface Fixed {
    key: SpaceKey;
    file: string;
    space: SearchSpace;
    arch: Architecture;
    /** Forward multiply-accumulates per image of the architecture as a network of its own (retraining). */
    macs: number;
    /** Forward multiply-accumulates per image of the SMASH network with this architecture's generated 1x1s. */
    smashNetMacs: number;
    /** Forward multiply-accumulates of the HyperNet generating them: once per step, whatever the batch. */
    hypernetMacs: number;
}

/** The package root (run from source or from the bundle in out/bench/). */
export const ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function packageRoot(dir: string): string {
    while (!existsSync(join(dir, 'package.json'))) {
        const up = dirname(dir);
        if (up === dir) throw new Error('the benchmark must run inside the smash-nas package');
        dir = up;
    }
    return dir;
}

export async function loadFixed(key: SpaceKey, seed = ARCH_SEED[key]): Promise<Fixed> {
    const file = join(ROOT, SPACES[key]);
    const [checked] = await checkFiles([file]);
    if (!checked?.space) {
        const errors = checked?.diagnostics.filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${d.message}`) ?? [];
        throw new Error(`${file} does not compile: ${errors.join('; ')}`);
    }
    const space = checked.space;
    const arch = sampleArchitecture(space, new Random(seed), 1);
    return { key, file, space, arch, macs: countMacs(space, arch), smashNetMacs: smashNetMacs(space, arch), hypernetMacs: hypernetMacs(space, arch) };
}

/** The draw of each space's fixed architecture. */
const ARCH_SEED: Record<SpaceKey, string> = { 'fashion-tiny': 'bench:fashion-tiny', cifar: 'bench:cifar:9' };

/**
 * The SMASH network's forward MACs per image for `arch`: stem, each op's generated 1x1 (capped at
 * the generator's columns) and its convs, transitions and head, as smash-net.ts computes them.
 */
export function smashNetMacs(space: SearchSpace, arch: Architecture): number {
    const [h0, w0] = space.blocks[0]!.resolution;
    let macs = h0 * w0 * space.stem.kernel ** 2 * space.input.channels * space.stem.width;
    const memory = memoryChannels(space, arch);
    arch.blocks.forEach((block, b) => {
        const [h, w] = space.blocks[b]!.resolution;
        for (const op of block.ops) {
            const cols = generatedColumns(space, op);
            const out = op.width * space.unit;
            let perPixel = op.nIn * cols;
            let conv = 0;
            for (const depth of op.structure) {
                for (let d = 0; d < depth; d++, conv++) {
                    const c = op.convs[conv]!;
                    perPixel += c.kernel[0] * c.kernel[1] * ((d === 0 ? cols : out) / c.groups) * out;
                }
            }
            macs += h * w * perPixel;
        }
        const transition = space.transitions[b];
        if (b < arch.blocks.length - 1 && transition) macs += h * w * memory[b]! * transition.width;
        else macs += memory[b]! * space.classes;
    });
    return macs;
}

/** The HyperNet's MACs for one architecture. */
function hypernetMacs(space: SearchSpace, arch: Architecture): number {
    // The code is an image of k = N_max / N rows by one column per D·N 1x1 input channels, plus one.
    const columns = 1 + arch.blocks.reduce((sum, b) => sum + b.ops.reduce((s, op) => s + op.nIn / (space.unit * space.slice), 0), 0);
    const sites = Math.floor(space.maxWidth / space.unit) * columns;
    return sites * hypernetLayers(space).reduce((sum, l) => sum + l.kernel * l.kernel * l.in * l.out, 0);
}
