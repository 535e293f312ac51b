/**
 * The HyperNet (spec 4.3): a DenseNet of weight-normalised 3x3 convs, without BN or downsampling,
 * over the architecture code c seen as an image of k = N_max/N rows by S' slice columns, plus one
 * channel of N(0, 1) noise z. Its output holds, at every (row, slice) site, an
 * (multiplier·N) x (D·N) block of 1x1 weights; `generatedMatrix` lays those blocks out as the
 * [input rows, output columns] matrix that the ops of the architecture slice their 1x1s from.
 */
import type { Random } from '../random.js';
import type { HyperNetSpec } from '../space/space.js';
import { orthogonal } from './ops/init.js';
import type { Parameter } from '../train/optim.js';
import { weightNorm } from './ops/weight-norm.js';
import { tf } from '../backend/tf.js';

export interface HyperNetShape {
    /** C: channels of the architecture code. */
    codeChannels: number;
    /** N, D and N_max of the space. */
    unit: number;
    slice: number;
    maxWidth: number;
}

interface ConvLayer {
    name: string;
    weight: tf.Variable; // [kh, kw, in, out]
}

export class HyperNet {
    readonly layers: ConvLayer[] = [];
    /** Layers per dense stage and where each stage's transition sits, in `layers` order. */
    private readonly plan: Array<'stem' | 'dense' | 'transition' | 'output'> = [];
    readonly outputChannels: number;

    constructor(readonly spec: HyperNetSpec, readonly shape: HyperNetShape, rng: Random) {
        const { unit, slice } = shape;
        this.outputChannels = spec.multiplier * unit * unit * slice;
        let channels = 1 + shape.codeChannels;
        const add = (name: string, kind: (typeof this.plan)[number], kernel: number, inC: number, outC: number) => {
            this.layers.push({ name: `hypernet/${name}`, weight: tf.variable(orthogonal([kernel, kernel, inC, outC], rng)) });
            this.plan.push(kind);
        };
        add('stem', 'stem', 3, channels, spec.stem);
        channels += spec.stem;
        spec.stages.forEach((depth, s) => {
            for (let l = 0; l < depth; l++) {
                add(`stage${s}/layer${l}`, 'dense', 3, channels, spec.growth);
                channels += spec.growth;
            }
            if (s < spec.stages.length - 1) {
                const halved = Math.floor(channels / 2);
                add(`stage${s}/transition`, 'transition', 3, channels, halved);
                channels = halved;
            }
        });
        add('output', 'output', 1, channels, this.outputChannels);
    }

    parameters(): Parameter[] {
        return this.layers.map((l) => ({ name: l.name, variable: l.weight, decay: false }));
    }

    get parameterCount(): number {
        return this.layers.reduce((sum, l) => sum + l.weight.size, 0);
    }

    /**
     * code: [k, S', C] (rows, slices, code channels); z: [k, S'] noise.
     * Returns the HyperNet output [k, S', multiplier·N²·D].
     */
    forward(code: tf.Tensor3D, z: tf.Tensor2D): tf.Tensor3D {
        const leaky = (t: tf.Tensor4D) => tf.leakyRelu(t, this.spec.leak);
        const conv = (t: tf.Tensor4D, layer: ConvLayer) => tf.conv2d(t, weightNorm(layer.weight) as tf.Tensor4D, 1, 'same');
        // x: [1, k, S', channels]
        let x = tf.concat([z.expandDims(2), code], 2).expandDims(0) as tf.Tensor4D;
        this.layers.forEach((layer, i) => {
            switch (this.plan[i]) {
                case 'stem': x = tf.concat([x, conv(x, layer)], 3); break;
                case 'dense': x = tf.concat([x, conv(leaky(x), layer)], 3); break;
                case 'transition': x = conv(leaky(x), layer); break;
                case 'output': x = conv(leaky(x), layer); break;
            }
        });
        return x.squeeze([0]) as tf.Tensor3D;
    }
}

/**
 * Lays the HyperNet output out as the generated matrix W [S'·D·N input rows, m·N_max output
 * columns] of hypernet-mapping.ts (spec 4.4, m = multiplier): channel b of site (a, s) is
 * (copy, q mod N, r) with b = (copy·N + q mod N)·D·N + r, and fills W[s·D·N + r][copy·N_max + a·N + q mod N].
 *   output [k, S', m, N, D·N]  --transpose-->  [S', D·N, m, k, N]  --reshape-->  [S'·D·N, m·k·N]
 */
export function generatedMatrix(output: tf.Tensor3D, unit: number, slice: number, multiplier: number): tf.Tensor2D {
    const [k, columns] = output.shape;
    return output
        .reshape([k, columns, multiplier, unit, slice * unit])
        .transpose([1, 4, 2, 0, 3])
        .reshape([columns * slice * unit, multiplier * k * unit]);
}
