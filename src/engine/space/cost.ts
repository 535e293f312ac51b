/**
 * What networks cost. For an architecture trained from scratch (the derived net, spec §2.5):
 *   stem conv (no bias) -> per block, per op: BN(nIn) -> ReLU -> 1x1 nIn->nB -> BN(nB), then per
 *   path its convs (pre-activation, no bias; the first reads nB channels, later ones G·N), paths
 *   added -> transitions BN -> ReLU -> 1x1 -> 2x2 pool -> head BN -> ReLU -> average pooling to
 *   grid x grid cells -> FC over every cell (with bias).
 * Parameters are trainable ones (BN: gamma and beta; running statistics are not counted). MACs
 * are multiply-accumulates of convs and the FC per image: a conv costs H·W·kh·kw·(in/groups)·out
 * at its block's resolution, whatever its dilation (dilation spreads taps, it does not add any).
 * BN, activations, additions and pooling are not counted.
 *
 * For the SMASH network and its HyperNet: the HyperNet's convs (spec §4.3) and the freely learned
 * weights at the maximal shapes they are sliced from (spec §2.6).
 */
import type { Architecture, OpArchitecture } from './architecture.js';
import { encodingLayout } from './encoding.js';
import { hypernetOutputChannels } from './hypernet-mapping.js';
import { headGrid, type SearchSpace } from './space.js';

export function countParams(space: SearchSpace, arch: Architecture): number {
    return walk(space, arch).params;
}

export function countMacs(space: SearchSpace, arch: Architecture): number {
    return walk(space, arch).macs;
}

function walk(space: SearchSpace, arch: Architecture): { params: number; macs: number } {
    const [h0, w0] = space.blocks[0]?.resolution ?? [space.input.height, space.input.width];
    const stem = space.stem.kernel * space.stem.kernel * space.input.channels * space.stem.width;
    let params = stem;
    let macs = h0 * w0 * stem;
    let channels = space.stem.width;
    arch.blocks.forEach((block, i) => {
        const [h, w] = space.blocks[i]!.resolution;
        let written = block.initialBanks;
        for (const op of block.ops) {
            const weights = opWeights(space, op);
            params += 2 * op.nIn + 2 * op.nB + weights;
            macs += h * w * weights;
            for (const write of op.writes) written = Math.max(written, write.bank + 1);
        }
        // The block output is every bank that holds data, concatenated.
        channels = written * block.bankSize * space.unit;
        const transition = space.transitions[i];
        if (i < arch.blocks.length - 1 && transition) {
            params += 2 * channels + channels * transition.width;
            macs += h * w * channels * transition.width;
            channels = transition.width;
        }
    });
    const cells = headGrid(space) ** 2;
    params += 2 * channels + cells * channels * space.classes + space.classes;
    macs += cells * channels * space.classes;
    return { params, macs };
}

/** Weights of an op's 1x1 and convs (= its MACs per output pixel). */
function opWeights(space: SearchSpace, op: OpArchitecture): number {
    const out = op.width * space.unit;
    let total = op.nIn * op.nB;
    let conv = 0;
    for (const depth of op.structure) {
        for (let d = 0; d < depth; d++, conv++) {
            const { kernel, groups } = op.convs[conv]!;
            const input = d === 0 ? op.nB : out;
            total += kernel[0] * kernel[1] * (input / groups) * out;
        }
    }
    return total;
}

export interface ConvShape {
    kernel: number;
    in: number;
    out: number;
}

/**
 * The HyperNet's convs (spec §4.3, no biases): a 3x3 from the code c plus the noise channel z to
 * `stem` channels, concatenated with its input; dense stages of 3x3 convs adding `growth` channels
 * each, with 3x3 transitions halving the channels between stages; a final 1x1 to m·N²·D.
 */
export function hypernetLayers(space: SearchSpace): ConvShape[] {
    const { growth, stages, stem } = space.hypernet;
    let channels = 1 + encodingLayout(space).channels;
    const layers: ConvShape[] = [{ kernel: 3, in: channels, out: stem }];
    channels += stem;
    stages.forEach((depth, i) => {
        if (i > 0) {
            const half = Math.floor(channels / 2);
            layers.push({ kernel: 3, in: channels, out: half });
            channels = half;
        }
        for (let d = 0; d < depth; d++) {
            layers.push({ kernel: 3, in: channels, out: growth });
            channels += growth;
        }
    });
    layers.push({ kernel: 1, in: channels, out: hypernetOutputChannels(space) });
    return layers;
}

export function countHypernetParams(space: SearchSpace): number {
    return hypernetLayers(space).reduce((sum, l) => sum + l.kernel * l.kernel * l.in * l.out, 0);
}

/**
 * Freely learned parameters of the SMASH network at their maximal shapes: the stem; per block one
 * shared conv per conv slot its families can use (path p, depth d), of shape
 * [max kernel h, max kernel w, in, N_max] with in = the widest generated 1x1 output for d = 0
 * (min(max bottleneck, multiplier)·N_max, the generator's cap) and N_max after; transitions and
 * head sliced from maxBanks·N input channels (BN gamma/beta, 1x1, FC with bias).
 */
export function countFreeParams(space: SearchSpace): number {
    let total = space.stem.kernel * space.stem.kernel * space.input.channels * space.stem.width;
    const nMax = space.maxWidth;
    space.blocks.forEach((block, i) => {
        const families = block.ops.map((c) => space.ops[c.value]).filter((f) => f !== undefined);
        const kh = Math.max(...families.flatMap((f) => f.kernelHeight.map((c) => c.value)));
        const kw = Math.max(...families.flatMap((f) => f.kernelWidth.map((c) => c.value)));
        const ratio = Math.max(...families.flatMap((f) => f.bottleneck.map((c) => c.value)));
        const firstIn = Math.min(ratio, space.hypernet.multiplier) * nMax;
        const slots = new Set(families.flatMap((f) => f.structures.flatMap((s) => s.value.flatMap((depth, p) =>
            Array.from({ length: depth }, (_, d) => `${p}:${d}`)))));
        for (const slot of slots) total += kh * kw * (slot.endsWith(':0') ? firstIn : nMax) * nMax;
        const memory = block.maxBanks * space.unit;
        const next = space.transitions[i];
        if (i < space.blocks.length - 1 && next) total += 2 * memory + memory * next.width;
        else total += 2 * memory + headGrid(space) ** 2 * memory * space.classes + space.classes;
    });
    return total;
}
