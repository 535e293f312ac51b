/**
 * A sampled architecture as an ordinary network with its own weights, for training from scratch
 * (spec 2.5, the released code's MainNet): every op is BN -> ReLU -> 1x1 -> BN (the "sandwich"),
 * then its convs (activation -> conv) with weights of exactly the drawn shape, and the full 1x1
 * width nB (the SMASH net may have capped it at what the HyperNet generates).
 */
import type { Architecture, OpArchitecture } from '../space/architecture.js';
import { forwardArchitecture, memoryChannels, type NetworkParts } from './network.js';
import { batchNorm, createBatchNormParams, type BatchNormVariables } from './ops/batchnorm.js';
import { conv2d } from './ops/conv.js';
import { orthogonal } from './ops/init.js';
import { matMul } from './ops/matmul.js';
import type { Parameter } from '../train/optim.js';
import type { Random } from '../random.js';
import { activate, createFrame, frameParameters, frameParts, frameStatistics, type Frame } from './smash-net.js';
import type { SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';

interface OpWeights {
    inBn: BatchNormVariables;
    reduce: tf.Variable; // [nIn, nB]
    midBn: BatchNormVariables;
    convs: tf.Variable[]; // [kh, kw, in / groups, G·N], path by path
}

export class DerivedNet {
    readonly frame: Frame;
    /** ops[block][index] */
    private readonly ops: OpWeights[][];

    constructor(readonly space: SearchSpace, readonly arch: Architecture, rng: Random) {
        // The frame is sized for this architecture: its memories are what the transitions and head read.
        const widths = memoryChannels(space, arch);
        this.frame = createFrame({ ...space, blocks: space.blocks.map((b, i) => ({ ...b, maxBanks: widths[i]! / space.unit })) }, rng);
        this.ops = arch.blocks.map((block) => block.ops.map((op) => this.createOp(op, rng)));
    }

    private createOp(op: OpArchitecture, rng: Random): OpWeights {
        const out = op.width * this.space.unit;
        const convs: tf.Variable[] = [];
        let conv = 0;
        for (const depth of op.structure) {
            for (let d = 0; d < depth; d++, conv++) {
                const c = op.convs[conv]!;
                const inChannels = d === 0 ? op.nB : out;
                convs.push(tf.variable(orthogonal([c.kernel[0], c.kernel[1], inChannels / c.groups, out], rng)));
            }
        }
        return {
            inBn: createBatchNormParams(op.nIn),
            reduce: tf.variable(orthogonal([op.nIn, op.nB], rng)),
            midBn: createBatchNormParams(op.nB),
            convs,
        };
    }

    parameters(): Parameter[] {
        const params = frameParameters(this.frame);
        this.ops.forEach((block, b) => block.forEach((w, i) => {
            const name = `block${b}/op${i}`;
            params.push(
                { name: `${name}/bn_in/gamma`, variable: w.inBn.gamma, decay: true },
                { name: `${name}/bn_in/beta`, variable: w.inBn.beta, decay: true },
                { name: `${name}/reduce`, variable: w.reduce, decay: true },
                { name: `${name}/bn_mid/gamma`, variable: w.midBn.gamma, decay: true },
                { name: `${name}/bn_mid/beta`, variable: w.midBn.beta, decay: true },
                ...w.convs.map((variable, c) => ({ name: `${name}/conv${c}`, variable, decay: true })),
            );
        }));
        return params;
    }

    statistics(): Record<string, tf.Variable> {
        const out = frameStatistics(this.frame);
        this.ops.forEach((block, b) => block.forEach((w, i) => {
            out[`block${b}/op${i}/bn_in/mean`] = w.inBn.runningMean;
            out[`block${b}/op${i}/bn_in/var`] = w.inBn.runningVar;
            out[`block${b}/op${i}/bn_mid/mean`] = w.midBn.runningMean;
            out[`block${b}/op${i}/bn_mid/var`] = w.midBn.runningVar;
        }));
        return out;
    }

    /** x: [batch, H, W, C] -> logits [batch, classes]. */
    forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
        const parts: NetworkParts = {
            ...frameParts(this.space, this.frame, { training }, false),
            op: (b, i, op, input) => this.op(this.ops[b]![i]!, op, input, training),
        };
        return forwardArchitecture(this.space, this.arch, x, parts);
    }

    private op(w: OpWeights, op: OpArchitecture, input: tf.Tensor4D, training: boolean): tf.Tensor4D {
        const [n, h, wd] = input.shape;
        const normed = tf.relu(batchNorm(input, w.inBn, { training }));
        const reduced = batchNorm(matMul(normed.reshape([n * h * wd, op.nIn]), w.reduce as tf.Tensor2D).reshape([n, h, wd, op.nB]) as tf.Tensor4D, w.midBn, { training });
        let conv = 0;
        const paths = op.structure.map((depth) => {
            let y = reduced;
            for (let d = 0; d < depth; d++, conv++) {
                const choice = op.convs[conv]!;
                y = conv2d(activate(y, choice.activation), w.convs[conv]! as tf.Tensor4D, { dilation: choice.dilation, groups: choice.groups });
            }
            return y;
        });
        return paths.length === 1 ? paths[0]! : tf.addN(paths);
    }
}
