/**
 * "Does the HyperNet use the code?" (spec §6.3, §11 claim 2): score an architecture once with its
 * true code c and once with a corrupted c, the network itself and the noise z unchanged.
 *
 * The corruption lies about the values of every op while keeping where each op sits: within each
 * one-hot value field of the code (the output width G, and per conv slot dilation h, dilation w,
 * kernel h, kernel w, groups and, when present, activation) the field's channel planes are rotated
 * by a random non-zero offset, so an op with kernel 3 is described as kernel 5, dilation 1 as 2,
 * G = 1 as G = 2, and so on. Every op with the field active gets a different value, whatever the
 * other ops hold (a shuffle across ops would leave architectures whose ops agree unchanged).
 * Untouched: read, write and block fields, structure flags, and the columns and rows each op
 * occupies, so the code's shape [C, k, S'], the 1x1 slices the network takes and the number of
 * +1 entries stay the same.
 *
 * Its control, "does the network use what the HyperNet generates at all?": the same architecture
 * scored with random 1x1 weights in place of the generated ones. When the true code beats random
 * weights but not a corrupted code, the HyperNet's weights matter but what it reads from the op
 * values does not.
 */
import type { Architecture } from '../space/architecture.js';
import { encodeArchitecture, encodingLayout, type Encoding } from '../space/encoding.js';
import { generatedMatrix } from '../model/hypernet.js';
import type { Random } from '../random.js';
import type { EvaluationData } from '../model/score-norm.js';
import type { SmashModel } from '../model/smash-model.js';
import type { SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';

/** The value fields of the code as [first channel, channel count]. */
export function valueFields(space: SearchSpace): Array<[number, number]> {
    const layout = encodingLayout(space);
    const fields: Array<[number, number]> = [[layout.width, layout.rows]];
    const sizes = [layout.dilations.length, layout.dilations.length, layout.kernelHeights.length, layout.kernelWidths.length,
        layout.groups.length, ...(layout.activations ? [layout.activations.length] : [])];
    for (let slot = 0; slot < layout.slots; slot++) {
        let at = layout.convs + slot * layout.slotSize;
        for (const size of sizes) {
            fields.push([at, size]);
            at += size;
        }
    }
    return fields;
}

/** A copy of `code` ([C, k, S']) with each value field's channel planes rotated by a random non-zero offset. */
export function corruptEncoding(space: SearchSpace, code: Encoding, rng: Random): Encoding {
    const [, k, columns] = code.shape;
    const plane = k * columns;
    const data = Float32Array.from(code.data);
    for (const [first, size] of valueFields(space)) {
        if (size < 2) continue;
        const shift = 1 + rng.int(size - 1);
        for (let i = 0; i < size; i++) {
            const from = (first + i) * plane;
            data.set(code.data.subarray(from, from + plane), (first + ((i + shift) % size)) * plane);
        }
    }
    return { data, shape: code.shape };
}

/** As SmashModel.weightsFor, from a given code: same z draw (k·S' normals from `noise`), same mapping. */
export function weightsForCode(model: SmashModel, code: Encoding, noise: Random): tf.Tensor2D {
    const [, k, columns] = code.shape;
    // code: [C, k, S'] -> [k, S', C], the image the HyperNet convolves.
    const image = tf.tensor3d(code.data, code.shape).transpose([1, 2, 0]) as tf.Tensor3D;
    const z = tf.tensor2d(Float32Array.from({ length: k * columns }, () => noise.normal()), [k, columns]);
    const { unit, slice, hypernet } = model.space;
    return generatedMatrix(model.hypernet.forward(image, z), unit, slice, hypernet.multiplier);
}

/** Validation error and loss of `arch` run with the 1x1 weights generated from `code`, BN as the space scores. */
export function scoreWithCode(model: SmashModel, arch: Architecture, code: Encoding, noise: Random, data: EvaluationData): Promise<{ error: number; loss: number }> {
    return scoreWithWeights(model, arch, tf.tidy(() => weightsForCode(model, code, noise)), data);
}

/**
 * Validation error and loss of `arch` run with N(0, 1) 1x1 weights drawn from `rng` instead of
 * generated ones. Every op divides its 1x1 by its norm, so the scale does not matter, only that
 * the directions are not the HyperNet's.
 */
export function scoreWithRandomWeights(model: SmashModel, arch: Architecture, rng: Random, data: EvaluationData): Promise<{ error: number; loss: number }> {
    const [, k, columns] = encodeArchitecture(model.space, arch).shape;
    const { unit, slice, hypernet } = model.space;
    // The generated matrix's shape: [S'·D·N rows, m·k·N columns] (hypernet.ts).
    const [rows, cols] = [columns * slice * unit, hypernet.multiplier * k * unit];
    return scoreWithWeights(model, arch, tf.tensor2d(Float32Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]), data);
}

/** Scores `arch` with `matrix` as its 1x1 weights, and disposes of the matrix. */
async function scoreWithWeights(model: SmashModel, arch: Architecture, matrix: tf.Tensor2D, data: EvaluationData): Promise<{ error: number; loss: number }> {
    try {
        const result = await model.evaluate(arch, matrix, data);
        return { error: result.error, loss: result.loss };
    } finally {
        matrix.dispose();
    }
}
