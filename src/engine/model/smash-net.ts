/**
 * The SMASH network (spec 2.4-2.6): freely learned stem, transitions and head, four shared main
 * convs per block sliced to each op's kernel, width and groups, and 1x1 reductions whose weights
 * the HyperNet generates for the architecture at hand. BN only in transitions and before the head,
 * with running statistics shared by all architectures and sliced by channel.
 */
import type { Architecture, OpArchitecture } from '../space/architecture.js';
import { generatedColumns } from '../space/encoding.js';
import { forwardArchitecture, type NetworkParts } from './network.js';
import { batchNorm, createBatchNormParams, type BatchNormVariables } from './ops/batchnorm.js';
import type { BatchNormMode } from './score-norm.js';
import { conv2d, sliceConvWeight } from './ops/conv.js';
import { orthogonal } from './ops/init.js';
import { matMul } from './ops/matmul.js';
import { avgPool2, gridPool } from './ops/pool.js';
import { weightNorm } from './ops/weight-norm.js';
import type { Parameter } from '../train/optim.js';
import type { Random } from '../random.js';
import { headGrid, type Activation, type SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';

/** Parameters of the network around the ops, shared by the SMASH net and retrained networks. */
export interface Frame {
    stem: tf.Variable; // [k, k, input channels, stem width]
    transitions: Array<{ bn: BatchNormVariables; conv: tf.Variable /* [1, 1, maxIn, width] */ }>;
    headBn: BatchNormVariables;
    fc: tf.Variable; // [grid·grid·maxIn, classes]: one [maxIn, classes] slab per cell of the head's grid
    fcBias: tf.Variable; // [classes]
}

/** Max channels of a block's memory: maxBanks units of N. */
export function blockCapacity(space: SearchSpace, block: number): number {
    return space.blocks[block]!.maxBanks * space.unit;
}

export function createFrame(space: SearchSpace, rng: Random): Frame {
    const { stem, input, transitions, blocks, classes } = space;
    const cells = headGrid(space) ** 2;
    // tfjs names variables globally; the engine's names live in `Parameter.name`.
    const v = (t: tf.Tensor) => tf.variable(t);
    return {
        stem: v(orthogonal([stem.kernel, stem.kernel, input.channels, stem.width], rng)),
        transitions: transitions.map((t, i) => ({
            bn: createBatchNormParams(blockCapacity(space, i)),
            conv: v(orthogonal([1, 1, blockCapacity(space, i), t.width], rng)),
        })),
        headBn: createBatchNormParams(blockCapacity(space, blocks.length - 1)),
        fc: v(orthogonal([cells * blockCapacity(space, blocks.length - 1), classes], rng)),
        fcBias: v(tf.zeros([classes])),
    };
}

export function frameParameters(frame: Frame): Parameter[] {
    const p = (name: string, variable: tf.Variable): Parameter => ({ name, variable, decay: true });
    return [
        p('stem', frame.stem),
        ...frame.transitions.flatMap((t, i) => [
            p(`transition${i}/conv`, t.conv), p(`transition${i}/bn/gamma`, t.bn.gamma), p(`transition${i}/bn/beta`, t.bn.beta),
        ]),
        p('head/bn/gamma', frame.headBn.gamma), p('head/bn/beta', frame.headBn.beta),
        p('head/fc', frame.fc), p('head/bias', frame.fcBias),
    ];
}

/** Running statistics, which are state but not parameters. */
export function frameStatistics(frame: Frame): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    frame.transitions.forEach((t, i) => {
        out[`transition${i}/bn/mean`] = t.bn.runningMean;
        out[`transition${i}/bn/var`] = t.bn.runningVar;
    });
    out['head/bn/mean'] = frame.headBn.runningMean;
    out['head/bn/var'] = frame.headBn.runningVar;
    return out;
}

/** Stem, transitions and head as NetworkParts pieces. `stemActivation`: the SMASH net follows its stem with a ReLU. */
export function frameParts(space: SearchSpace, frame: Frame, norm: BatchNormMode, stemActivation: boolean): Omit<NetworkParts, 'op'> {
    return {
        stem: (x) => {
            const y = conv2d(x, frame.stem as tf.Tensor4D, { stride: space.stem.stride });
            return stemActivation ? tf.relu(y) : y;
        },
        transition: (b, x) => {
            const t = frame.transitions[b]!;
            const c = x.shape[3];
            const [, , maxIn, width] = t.conv.shape;
            const weight = tf.slice(tf.reshape<tf.Rank.R2>(t.conv, [maxIn, width]), [0, 0], [c, width]);
            // The 1x1 conv as a matrix product: [n·h·w, c] x [c, width].
            const conv = (a: tf.Tensor4D) => {
                const [n, h, w] = a.shape;
                return tf.reshape<tf.Rank.R4>(matMul(tf.reshape(a, [n * h * w, c]), weight), [n, h, w, width]);
            };
            const normed = tf.relu(batchNorm(x, t.bn, norm));
            // Averaging and a 1x1 conv commute, and pooling first costs the conv a quarter.
            return space.transitions[b]!.pool === 'max' ? tf.maxPool(conv(normed), 2, 2, 'valid') : conv(avgPool2(normed));
        },
        head: (x) => {
            const [n, , , c] = x.shape;
            const grid = headGrid(space);
            const activated = tf.relu(batchNorm(x, frame.headBn, norm));
            // Grid 1 keeps the plain mean of the paper's head, so runs saved before the grid reproduce bit for bit.
            if (grid === 1) {
                const pooled = tf.mean(activated, [1, 2]) as tf.Tensor2D;
                return tf.add(matMul(pooled, frame.fc.slice([0, 0], [c, -1]) as tf.Tensor2D), frame.fcBias);
            }
            // [n, grid, grid, c] flattened cell by cell, against the first c rows of each cell's slab.
            const flat = tf.reshape<tf.Rank.R2>(gridPool(activated, grid), [n, grid * grid * c]);
            const maxIn = frame.fc.shape[0] / grid ** 2;
            const weight = tf.reshape<tf.Rank.R2>(
                tf.slice(tf.reshape(frame.fc, [grid ** 2, maxIn, -1]), [0, 0, 0], [-1, c, -1]), [grid * grid * c, -1]);
            return tf.add(matMul(flat, weight), frame.fcBias);
        },
    };
}

export function activate(x: tf.Tensor4D, activation: Activation): tf.Tensor4D {
    return activation === 'relu' ? tf.relu(x) : activation === 'tanh' ? tf.tanh(x) : tf.sigmoid(x);
}

/** The largest kernel size per axis any family of a block can draw: the size of its shared conv banks. */
function bankKernel(space: SearchSpace, block: number): [number, number] {
    const families = space.blocks[block]!.ops.map((o) => space.ops[o.value]!);
    return [
        Math.max(...families.flatMap((f) => f.kernelHeight.map((c) => c.value))),
        Math.max(...families.flatMap((f) => f.kernelWidth.map((c) => c.value))),
    ];
}

export class SmashNet {
    readonly frame: Frame;
    /** mainConvs[block][slot]: [Kh, Kw, inMax, N_max]; slot = path·maxDepth + depth, as in the encoding. */
    readonly mainConvs: tf.Variable[][];
    private readonly maxDepth: number;

    constructor(readonly space: SearchSpace, rng: Random) {
        this.frame = createFrame(space, rng);
        const structures = Object.values(space.ops).flatMap((f) => f.structures.map((s) => s.value));
        const maxPaths = Math.max(...structures.map((s) => s.length));
        this.maxDepth = Math.max(...structures.flat());
        const generatedMax = space.hypernet.multiplier * space.maxWidth;
        this.mainConvs = space.blocks.map((_, b) => {
            const [kh, kw] = bankKernel(space, b);
            return Array.from({ length: maxPaths * this.maxDepth }, (_, slot) => {
                const inMax = slot % this.maxDepth === 0 ? generatedMax : space.maxWidth;
                return tf.variable(orthogonal([kh, kw, inMax, space.maxWidth], rng));
            });
        });
    }

    statistics(): Record<string, tf.Variable> {
        return frameStatistics(this.frame);
    }

    parameters(): Parameter[] {
        return [
            ...frameParameters(this.frame),
            ...this.mainConvs.flatMap((convs, b) => convs.map((variable, s) => ({ name: `block${b}/conv${s}`, variable, decay: true }))),
        ];
    }

    /**
     * x: [batch, H, W, C]; matrix: the generated 1x1 weights [rows, m·N_max] (see hypernet.ts).
     * Returns logits [batch, classes]. `muted`: every op writes zeros of its output's shape, which
     * leaves stem, transitions and head as they are (op-use.ts).
     */
    forward(arch: Architecture, x: tf.Tensor4D, matrix: tf.Tensor2D, norm: BatchNormMode, muted = false): tf.Tensor2D {
        const parts: NetworkParts = {
            ...frameParts(this.space, this.frame, norm, true),
            op: (b, _i, op, input) => {
                if (!muted) return this.op(b, op, input, matrix);
                const [n, h, w] = input.shape;
                return tf.zeros([n, h, w, op.width * this.space.unit]);
            },
        };
        return forwardArchitecture(this.space, arch, x, parts);
    }

    private op(block: number, op: OpArchitecture, input: tf.Tensor4D, matrix: tf.Tensor2D): tf.Tensor4D {
        const [n, h, w] = input.shape;
        const cols = generatedColumns(this.space, op);
        const weight = weightNorm(matrix.slice([op.rowStart, 0], [op.nIn, cols]));
        // 1x1 conv as a matrix product: [n·h·w, nIn] x [nIn, cols].
        const reduced = tf.relu(matMul(input.reshape([n * h * w, op.nIn]), weight).reshape([n, h, w, cols])) as tf.Tensor4D;
        const out = op.width * this.space.unit;
        let conv = 0;
        const paths = op.structure.map((depth, path) => {
            let y = reduced;
            for (let d = 0; d < depth; d++, conv++) {
                const choice = op.convs[conv]!;
                const bank = this.mainConvs[block]![path * this.maxDepth + d]! as tf.Tensor4D;
                const inPerGroup = y.shape[3] / choice.groups;
                const weights = sliceConvWeight(bank, choice.kernel[0], choice.kernel[1], inPerGroup, out);
                y = conv2d(activate(y, choice.activation), weights, { dilation: choice.dilation, groups: choice.groups });
            }
            return y;
        });
        return paths.length === 1 ? paths[0]! : tf.addN(paths);
    }
}
