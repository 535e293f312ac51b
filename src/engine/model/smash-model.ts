/**
 * The trained object of a search: the HyperNet plus the SMASH network around it. Given an
 * architecture it encodes it, draws the noise z, generates the 1x1 weights and runs the network.
 */
import type { Architecture } from '../space/architecture.js';
import { encodeArchitecture, encodingLayout } from '../space/encoding.js';
import { generatedMatrix, HyperNet } from './hypernet.js';
import type { Parameter } from '../train/optim.js';
import { Random } from '../random.js';
import type { NamedArray } from '../run/checkpoint.js';
import { evaluateWithNorm, type BatchNormMode, type EvaluationData } from './score-norm.js';
import { SmashNet } from './smash-net.js';
import type { SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';

export class SmashModel {
    readonly net: SmashNet;
    readonly hypernet: HyperNet;

    constructor(readonly space: SearchSpace, seed: number) {
        const rng = new Random(`${seed}:init`);
        this.net = new SmashNet(space, rng.fork('network'));
        const { unit, slice, maxWidth } = space;
        this.hypernet = new HyperNet(space.hypernet, { codeChannels: encodingLayout(space).channels, unit, slice, maxWidth }, rng.fork('hypernet'));
    }

    parameters(): Parameter[] {
        return [...this.hypernet.parameters(), ...this.net.parameters()];
    }

    /**
     * The generated 1x1 weight matrix for `arch` [rows, m·N_max], with z drawn from `noise`.
     * Call inside a tidy or gradient scope.
     */
    weightsFor(arch: Architecture, noise: Random): tf.Tensor2D {
        const { data, shape } = encodeArchitecture(this.space, arch);
        const [, k, columns] = shape;
        // code: [C, k, S'] -> [k, S', C], the image the HyperNet convolves.
        const code = tf.tensor3d(data, shape).transpose([1, 2, 0]) as tf.Tensor3D;
        const z = tf.tensor2d(Float32Array.from({ length: k * columns }, () => noise.normal()), [k, columns]);
        const output = this.hypernet.forward(code, z);
        return generatedMatrix(output, this.space.unit, this.space.slice, this.space.hypernet.multiplier);
    }

    /** x: [batch, H, W, C] -> logits [batch, classes] with weights generated for `arch`. */
    logits(arch: Architecture, x: tf.Tensor4D, norm: BatchNormMode, noise: Random): tf.Tensor2D {
        return this.net.forward(arch, x, this.weightsFor(arch, noise), norm);
    }

    /**
     * Validation loss, accuracy and error of `arch` run with the 1x1 weights `matrix`, BN
     * statistics as the space's `search { norm }` says; `muted`: with every op's output zeroed.
     */
    evaluate(arch: Architecture, matrix: tf.Tensor2D, data: EvaluationData, muted = false): Promise<{ loss: number; accuracy: number; error: number }> {
        const { norm, batch } = this.space.search;
        return evaluateWithNorm(norm, this.net.statistics(), data, batch, (x, mode) => this.net.forward(arch, x, matrix, mode, muted));
    }

    restore(arrays: Record<string, NamedArray>): void {
        const targets: Array<[string, tf.Variable]> = [
            ...this.parameters().map((p) => [p.name, p.variable] as [string, tf.Variable]),
            ...Object.entries(this.net.statistics()),
        ];
        for (const [name, variable] of targets) {
            const saved = arrays[name];
            if (!saved) throw new Error(`the checkpoint has no '${name}': it was written for another space`);
            if (saved.shape.join('x') !== variable.shape.join('x')) {
                throw new Error(`the checkpoint's '${name}' is ${saved.shape.join('x')}, the space needs ${variable.shape.join('x')}: it was written for another space`);
            }
            variable.assign(tf.tensor(saved.data, saved.shape));
        }
    }
}
