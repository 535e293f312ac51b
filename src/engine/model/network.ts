/**
 * The memory-bank machine shared by the SMASH network and the networks retrained from scratch:
 * stem -> per block: banks pre-filled with the block input, each op reads the concatenation of some
 * banks and writes (sets an empty bank, adds to an occupied one) -> transition -> ... -> head.
 * What an op, the stem, a transition and the head compute is up to the `NetworkParts`.
 */
import type { Architecture, OpArchitecture } from '../space/architecture.js';
import type { SearchSpace } from '../space/space.js';
import { tf } from '../backend/tf.js';

export { memoryChannels } from '../space/memory-channels.js';

export interface NetworkParts {
    /** x: [batch, H, W, input channels] -> [batch, H, W, stem width]. */
    stem(x: tf.Tensor4D): tf.Tensor4D;
    /**
     * One op: `input` is the concatenation of its read banks, [batch, h, w, nIn];
     * returns its output, [batch, h, w, G·N].
     */
    op(block: number, index: number, op: OpArchitecture, input: tf.Tensor4D): tf.Tensor4D;
    /** The written banks of block `block` concatenated, [batch, h, w, c] -> [batch, h/2, w/2, width]. */
    transition(block: number, x: tf.Tensor4D): tf.Tensor4D;
    /** The last block's banks concatenated, [batch, h, w, c] -> logits [batch, classes]. */
    head(x: tf.Tensor4D): tf.Tensor2D;
}

/** Runs `arch` on a batch of images x: [batch, H, W, C] (NHWC); returns logits [batch, classes]. */
export function forwardArchitecture(space: SearchSpace, arch: Architecture, x: tf.Tensor4D, parts: NetworkParts): tf.Tensor2D {
    let features = parts.stem(x);
    for (let b = 0; b < arch.blocks.length; b++) {
        const block = arch.blocks[b]!;
        const bankChannels = block.bankSize * space.unit;
        // banks[i]: [batch, h, w, bankChannels], or undefined while empty.
        const banks: Array<tf.Tensor4D | undefined> = new Array(block.numBanks).fill(undefined);
        for (let i = 0; i < block.initialBanks; i++) {
            banks[i] = features.slice([0, 0, 0, i * bankChannels], [-1, -1, -1, bankChannels]);
        }
        block.ops.forEach((op, index) => {
            const reads = op.reads.map((r) => {
                const bank = banks[r];
                if (!bank) throw new Error(`block ${b} op ${index} reads bank ${r} before anything was written to it`);
                return bank;
            });
            const input = reads.length === 1 ? reads[0]! : tf.concat(reads, 3);
            const output = parts.op(b, index, op, input);
            for (const { bank, chunk } of op.writes) {
                const part = op.width === block.bankSize
                    ? output
                    : output.slice([0, 0, 0, chunk * bankChannels], [-1, -1, -1, bankChannels]);
                const previous = banks[bank];
                banks[bank] = previous ? (previous.add(part) as tf.Tensor4D) : part;
            }
        });
        const written = banks.filter((bank): bank is tf.Tensor4D => bank !== undefined);
        const memory = written.length === 1 ? written[0]! : tf.concat(written, 3);
        if (b < arch.blocks.length - 1) features = parts.transition(b, memory);
        else return parts.head(memory);
    }
    throw new Error('an architecture needs at least one block');
}
