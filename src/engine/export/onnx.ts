/**
 * The retrained network as an ONNX inference graph (opset 13, which ONNX Runtime, TensorRT,
 * OpenVINO and onnx2tf all read): NCHW input `images` [batch, C, H, W] with pixels in [0, 1],
 * output `logits` [batch, classes]. BN layers stay BatchNormalization nodes with their running
 * statistics, so the graph mirrors model.py node for node. Protobuf types come from onnx-proto.
 */
import type { onnx } from 'onnx-proto';
import onnxProto from 'onnx-proto';
import type { BlockLayer, ExportedNetwork, OpLayer } from './network-walk.js';
import type { Tensor } from './weights.js';

// onnx-proto is CommonJS: its namespace is a property of the module object.
const { TensorProto, AttributeProto, ModelProto } = onnxProto.onnx;
const OPSET = 13;
/** The IR version that introduced opset 13. */
const IR_VERSION = 7;
const BN_EPSILON = 1e-5;

class GraphBuilder {
    readonly nodes: onnx.INodeProto[] = [];
    readonly initializers: onnx.ITensorProto[] = [];
    private counter = 0;

    constructor(private readonly weights: Map<string, Tensor>) {}

    /** Adds a node and returns its (single) output name. */
    node(opType: string, inputs: string[], attributes: onnx.IAttributeProto[] = [], output?: string): string {
        const name = output ?? `${opType.toLowerCase()}_${this.counter++}`;
        this.nodes.push({ opType, input: inputs, output: [name], name, attribute: attributes });
        return name;
    }

    weight(name: string): string {
        const tensor = this.weights.get(name);
        if (!tensor) throw new Error(`no weight '${name}' for the ONNX graph`);
        this.initializers.push(floatTensor(name, tensor.shape, tensor.data));
        return name;
    }

    floats(name: string, shape: number[], values: number[]): string {
        this.initializers.push(floatTensor(name, shape, Float32Array.from(values)));
        return name;
    }

    ints(values: number[]): string {
        const name = `const_${this.counter++}`;
        const data = BigInt64Array.from(values.map(BigInt));
        this.initializers.push({ name, dims: [values.length], dataType: TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) });
        return name;
    }

    batchNorm(key: string, x: string): string {
        return this.node('BatchNormalization', [x, ...['weight', 'bias', 'running_mean', 'running_var'].map((t) => this.weight(`${key}.${t}`))],
            [floatAttr('epsilon', BN_EPSILON)]);
    }

    /** Channels [begin, end) of an NCHW tensor. */
    channels(x: string, begin: number, end: number): string {
        return this.node('Slice', [x, this.ints([begin]), this.ints([end]), this.ints([1])]);
    }

    concat(xs: string[]): string {
        return xs.length === 1 ? xs[0]! : this.node('Concat', xs, [intAttr('axis', 1)]);
    }

    conv(key: string, x: string, options: { kernel: [number, number]; dilation?: [number, number]; stride?: number; groups?: number }): string {
        const dilation = options.dilation ?? [1, 1];
        const pads = options.kernel.map((k, a) => Math.floor((k + (k - 1) * (dilation[a]! - 1)) / 2));
        return this.node('Conv', [x, this.weight(`${key}.weight`)], [
            intsAttr('kernel_shape', options.kernel), intsAttr('dilations', dilation), intsAttr('strides', [options.stride ?? 1, options.stride ?? 1]),
            intsAttr('pads', [...pads, ...pads]), intAttr('group', options.groups ?? 1),
        ]);
    }
}

export function onnxModel(net: ExportedNetwork, weights: Tensor[], docString: string): Uint8Array {
    const g = new GraphBuilder(new Map(weights.map((t) => [t.name, t])));
    const channels = net.input.channels;
    const mean = g.floats('input_mean', [1, channels, 1, 1], net.normalization.mean);
    const std = g.floats('input_std', [1, channels, 1, 1], net.normalization.std);
    const normalised = g.node('Div', [g.node('Sub', ['images', mean]), std]);
    let x = g.conv(net.stem.key, normalised, { kernel: [net.stem.kernel, net.stem.kernel], stride: net.stem.stride });
    net.blocks.forEach((block, b) => {
        x = blockGraph(g, block, x);
        const t = net.transitions[b];
        if (!t) return;
        const activated = g.node('Relu', [g.batchNorm(`${t.key}.bn`, x)]);
        const pool = [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2])];
        x = t.pool === 'avg'
            ? g.conv(`${t.key}.conv`, g.node('AveragePool', [activated], pool), { kernel: [1, 1] })
            : g.node('MaxPool', [g.conv(`${t.key}.conv`, activated, { kernel: [1, 1] })], pool);
    });
    const activated = g.node('Relu', [g.batchNorm(`${net.head.key}.bn`, x)]);
    const { grid, pool } = net.head;
    let cells: string;
    if (grid === 1) {
        cells = g.node('GlobalAveragePool', [activated]);
    } else {
        const pooled = g.node('AveragePool', [activated], [intsAttr('kernel_shape', pool.kernel), intsAttr('strides', pool.stride)]);
        // [n, c, grid, grid] -> [n, grid, grid, c]: cells flattened channels last, the order of the engine's classifier weights.
        cells = g.node('Transpose', [pooled], [intsAttr('perm', [0, 2, 3, 1])]);
    }
    const flat = g.node('Flatten', [cells], [intAttr('axis', 1)]);
    g.node('Gemm', [flat, g.weight(`${net.head.key}.fc.weight`), g.weight(`${net.head.key}.fc.bias`)], [intAttr('transB', 1)], 'logits');

    const model: onnx.IModelProto = {
        irVersion: IR_VERSION,
        opsetImport: [{ domain: '', version: OPSET }],
        producerName: 'smash-nas',
        docString,
        graph: {
            name: net.name,
            node: g.nodes,
            initializer: g.initializers,
            input: [valueInfo('images', ['batch', channels, net.input.height, net.input.width])],
            output: [valueInfo('logits', ['batch', net.classes])],
        },
    };
    return ModelProto.encode(model).finish();
}

function blockGraph(g: GraphBuilder, block: BlockLayer, input: string): string {
    const c = block.bankChannels;
    const banks: Array<string | undefined> = new Array(block.numBanks).fill(undefined);
    for (let i = 0; i < block.initialBanks; i++) banks[i] = g.channels(input, i * c, (i + 1) * c);
    for (const op of block.ops) {
        const y = opGraph(g, op, g.concat(op.reads.map((r) => banks[r]!)));
        for (const { bank, chunk } of op.writes) {
            const part = op.outChannels === c ? y : g.channels(y, chunk * c, (chunk + 1) * c);
            const previous = banks[bank];
            banks[bank] = previous ? g.node('Add', [previous, part]) : part;
        }
    }
    return g.concat(banks.filter((bank): bank is string => bank !== undefined));
}

function opGraph(g: GraphBuilder, op: OpLayer, input: string): string {
    const activated = g.node('Relu', [g.batchNorm(`${op.key}.bn_in`, input)]);
    const reduced = g.batchNorm(`${op.key}.bn_mid`, g.conv(`${op.key}.reduce`, activated, { kernel: [1, 1] }));
    const outputs = op.paths.map((path) => path.reduce((y, conv) => g.conv(conv.key, g.node(ACTIVATION[conv.activation], [y]), conv), reduced));
    return outputs.length === 1 ? outputs[0]! : g.node('Sum', outputs);
}

const ACTIVATION = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' } as const;

function floatTensor(name: string, shape: number[], data: Float32Array): onnx.ITensorProto {
    return { name, dims: shape, dataType: TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function valueInfo(name: string, dims: Array<number | string>): onnx.IValueInfoProto {
    return {
        name,
        type: {
            tensorType: {
                elemType: TensorProto.DataType.FLOAT,
                shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
            },
        },
    };
}

const intAttr = (name: string, i: number): onnx.IAttributeProto => ({ name, type: AttributeProto.AttributeType.INT, i });
const intsAttr = (name: string, ints: number[]): onnx.IAttributeProto => ({ name, type: AttributeProto.AttributeType.INTS, ints });
const floatAttr = (name: string, f: number): onnx.IAttributeProto => ({ name, type: AttributeProto.AttributeType.FLOAT, f });
