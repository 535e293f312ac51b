/**
 * One walk over the network an architecture becomes when it is retrained (derived-net.ts with
 * network.ts's bank machine), describing every layer with its channel counts, the name its tensors
 * carry in the exported weights, and the `.smash` line and value it came from. The PyTorch and ONNX
 * writers both read this description, so the two exports cannot disagree about the network.
 *
 * Tensor names follow the generated PyTorch module's state_dict (model.py): `stem.weight`,
 * `blocks.<b>.ops.<i>.reduce.weight`, `blocks.<b>.ops.<i>.paths.<p>.<d>.conv.weight`, ...
 */
import type { Architecture } from '../space/architecture.js';
import type { Normalization } from '../data/normalize.js';
import { memoryChannels } from '../space/memory-channels.js';
import { gridPooling, headGrid, type Activation, type PoolKind, type SearchSpace, type SourceRef } from '../space/space.js';

/** A value and the 1-based line of the `.smash` text that allowed it. */
export interface Origin {
    value: string;
    line: number;
}

export interface ConvLayer {
    /** Tensor name prefix, e.g. `blocks.0.ops.1.paths.0.0.conv`. */
    key: string;
    inChannels: number;
    outChannels: number;
    kernel: [number, number];
    dilation: [number, number];
    groups: number;
    activation: Activation;
    origins: Origin[];
}

export interface OpLayer {
    /** e.g. `blocks.0.ops.1`: holds bn_in, reduce, bn_mid and paths. */
    key: string;
    family: string;
    /** Bank indices whose concatenation (in this order) is the op's input. */
    reads: number[];
    /** Output chunk `chunk` (bankChannels wide) is set into, or added to, bank `bank`. */
    writes: Array<{ bank: number; chunk: number }>;
    inChannels: number;
    bottleneckChannels: number;
    outChannels: number;
    /** Parallel paths, each a chain of convs; the op's output is their sum. */
    paths: ConvLayer[][];
    origins: Origin[];
}

export interface BlockLayer {
    name: string;
    inChannels: number;
    resolution: [number, number];
    bankChannels: number;
    numBanks: number;
    initialBanks: number;
    ops: OpLayer[];
    /** Channels of the concatenated written banks (ascending bank order): what follows the block reads. */
    memoryChannels: number;
    origins: Origin[];
}

export interface TransitionLayer {
    key: string;
    inChannels: number;
    outChannels: number;
    pool: PoolKind;
    origins: Origin[];
}

export interface ExportedNetwork {
    name: string;
    input: { channels: number; height: number; width: number };
    classes: number;
    normalization: Normalization;
    stem: { key: string; inChannels: number; outChannels: number; kernel: number; stride: number; origins: Origin[] };
    blocks: BlockLayer[];
    /** transitions[b] follows blocks[b]; one fewer than blocks. */
    transitions: TransitionLayer[];
    head: HeadLayer;
}

export interface HeadLayer {
    key: string;
    inChannels: number;
    classes: number;
    /** The pooled map's side; 1 is global average pooling. */
    grid: number;
    /** The average pooling's window and step per axis (height, width) that give that map. */
    pool: { kernel: [number, number]; stride: [number, number] };
    origins: Origin[];
}

function at(value: string | number, ref: SourceRef): Origin {
    return { value: String(value), line: ref.range.start.line + 1 };
}

/** "kernel 3x5" when both axes come from one line, else one origin per axis. */
function pair(name: string, values: [number, number], refs: [SourceRef, SourceRef]): Origin[] {
    if (refs[0].range.start.line === refs[1].range.start.line) return [at(`${name} ${values[0]}x${values[1]}`, refs[0])];
    return [at(`${name} height ${values[0]}`, refs[0]), at(`${name} width ${values[1]}`, refs[1])];
}

/** Every BatchNorm's tensors, as PyTorch names them. */
export const BN_TENSORS = ['weight', 'bias', 'running_mean', 'running_var'] as const;

export function walkNetwork(space: SearchSpace, arch: Architecture, normalization: Normalization): ExportedNetwork {
    const memories = memoryChannels(space, arch);
    return {
        name: space.name,
        input: { channels: space.input.channels, height: space.input.height, width: space.input.width },
        classes: space.classes,
        normalization,
        stem: {
            key: 'stem', inChannels: space.input.channels, outChannels: space.stem.width, kernel: space.stem.kernel, stride: space.stem.stride,
            origins: [at(`stem`, space.stem.at)],
        },
        blocks: arch.blocks.map((block, b) => {
            const spec = space.blocks[b]!;
            const bankChannels = block.bankSize * space.unit;
            return {
                name: spec.name,
                inChannels: spec.inChannels,
                resolution: spec.resolution,
                bankChannels,
                numBanks: block.numBanks,
                initialBanks: block.initialBanks,
                memoryChannels: memories[b]!,
                origins: [at(`block ${spec.name}`, block.sources.block), at(`bankSize ${block.bankSize}`, block.sources.bankSize)],
                ops: block.ops.map((op, i) => {
                    const key = `blocks.${b}.ops.${i}`;
                    const outChannels = op.width * space.unit;
                    let conv = 0;
                    const paths = op.structure.map((depth, p) => Array.from({ length: depth }, (_, d): ConvLayer => {
                        const choice = op.convs[conv]!;
                        const sources = op.sources.convs[conv++]!;
                        return {
                            key: `${key}.paths.${p}.${d}.conv`,
                            inChannels: d === 0 ? op.nB : outChannels,
                            outChannels,
                            kernel: choice.kernel,
                            dilation: choice.dilation,
                            groups: choice.groups,
                            activation: choice.activation,
                            origins: [
                                ...pair('kernel', choice.kernel, sources.kernel), ...pair('dilation', choice.dilation, sources.dilation),
                                at(`groups ${choice.groups}`, sources.groups), at(choice.activation, sources.activation),
                            ],
                        };
                    }));
                    return {
                        key, family: op.family, reads: op.reads, writes: op.writes,
                        inChannels: op.nIn, bottleneckChannels: op.nB, outChannels, paths,
                        origins: [
                            at(`op ${op.family}`, op.sources.definition), at(`structure [${op.structure.join(', ')}]`, op.sources.structure),
                            at(`bottleneck ${op.bottleneck}`, op.sources.bottleneck),
                        ],
                    };
                }),
            };
        }),
        transitions: space.transitions.map((t, b) => ({
            key: `transitions.${b}`, inChannels: memories[b]!, outChannels: t.width, pool: t.pool, origins: [at(`transition ${t.pool} pool`, t.at)],
        })),
        head: headLayer(space, memories[memories.length - 1]!),
    };
}

function headLayer(space: SearchSpace, inChannels: number): HeadLayer {
    const grid = headGrid(space);
    return {
        key: 'head', inChannels, classes: space.classes, grid,
        pool: gridPooling(space.blocks[space.blocks.length - 1]!.resolution, grid),
        origins: space.head ? [at(`head grid ${grid}`, space.head.at)] : [],
    };
}

/**
 * How a checkpoint array becomes a PyTorch tensor: 'hwio' conv weights [kh, kw, in, out] become
 * [out, in, kh, kw]; 'matrix' [in, out] 1x1 and dense weights become [out, in] (plus 1x1 dims for a
 * conv); 'vector' is copied.
 */
export type TensorLayout = 'hwio' | 'matrix' | 'vector';

export interface TensorEntry {
    /** PyTorch state_dict name. */
    name: string;
    /** PyTorch shape. */
    shape: number[];
    /** The array's name in the engine's retraining checkpoint (derived-net.ts, smash-net.ts). */
    engine: string;
    layout: TensorLayout;
}

const ENGINE_BN: Record<(typeof BN_TENSORS)[number], string> = { weight: 'gamma', bias: 'beta', running_mean: 'mean', running_var: 'var' };

/** Every tensor the exported network holds, in a stable order, with where it comes from in the checkpoint. */
export function tensorEntries(net: ExportedNetwork): TensorEntry[] {
    const out: TensorEntry[] = [];
    const bn = (key: string, engine: string, channels: number) => BN_TENSORS.forEach((t) => out.push({
        name: `${key}.${t}`, shape: [channels], engine: `${engine}/${ENGINE_BN[t]}`, layout: 'vector',
    }));
    const { stem } = net;
    out.push({ name: `${stem.key}.weight`, shape: [stem.outChannels, stem.inChannels, stem.kernel, stem.kernel], engine: 'stem', layout: 'hwio' });
    net.blocks.forEach((block, b) => {
        block.ops.forEach((op, i) => {
            const engine = `block${b}/op${i}`;
            bn(`${op.key}.bn_in`, `${engine}/bn_in`, op.inChannels);
            out.push({ name: `${op.key}.reduce.weight`, shape: [op.bottleneckChannels, op.inChannels, 1, 1], engine: `${engine}/reduce`, layout: 'matrix' });
            bn(`${op.key}.bn_mid`, `${engine}/bn_mid`, op.bottleneckChannels);
            op.paths.flat().forEach((conv, c) => out.push({
                name: `${conv.key}.weight`, shape: [conv.outChannels, conv.inChannels / conv.groups, conv.kernel[0], conv.kernel[1]],
                engine: `${engine}/conv${c}`, layout: 'hwio',
            }));
        });
        const t = net.transitions[b];
        if (t) {
            bn(`${t.key}.bn`, `transition${b}/bn`, t.inChannels);
            out.push({ name: `${t.key}.conv.weight`, shape: [t.outChannels, t.inChannels, 1, 1], engine: `transition${b}/conv`, layout: 'hwio' });
        }
    });
    const { head } = net;
    bn(`${head.key}.bn`, 'head/bn', head.inChannels);
    out.push(
        // Engine rows are cell by cell ([cells, channels]); the exported head flattens channels last to match.
        { name: `${head.key}.fc.weight`, shape: [head.classes, head.grid ** 2 * head.inChannels], engine: 'head/fc', layout: 'matrix' },
        { name: `${head.key}.fc.bias`, shape: [head.classes], engine: 'head/bias', layout: 'vector' },
    );
    return out;
}
