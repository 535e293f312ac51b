/**
 * A readable, self-contained PyTorch module of an exported network: a few small building blocks
 * (ConvUnit, Op, Block, Transition, Head) and one class that spells out the architecture layer by
 * layer, each op commented with the `.smash` lines and values it came from. It imports torch only;
 * the weights file, if any, is read by a 20-line safetensors reader inside the file.
 */
import type { BlockLayer, ConvLayer, ExportedNetwork, HeadLayer, OpLayer, Origin } from './network-walk.js';

export interface ModuleContext {
    className: string;
    /** e.g. "rank 1 (id 0123abcd) of run 20261203-064000-FashionTiny". */
    provenance: string;
    spaceFile: string;
    /** File name of the weights next to model.py, when the architecture was retrained. */
    weightsFile?: string;
}

const INDENT = '    ';

export function pytorchModule(net: ExportedNetwork, context: ModuleContext): string {
    const weights = context.weightsFile
        ? `    model = ${context.className}()\n    load_safetensors(model, "${context.weightsFile}")\n    model.eval()`
        : `    model = ${context.className}()  # fresh initialisation: the run did not retrain this architecture`;
    return `"""${net.name}: ${context.provenance}, exported by SMASH for VS Code.

Search space: ${context.spaceFile}
Input: images [batch, ${net.input.channels}, ${net.input.height}, ${net.input.width}] with pixel values scaled to [0, 1]; the
model normalises them with the training split's per-channel mean and standard deviation.
Output: logits [batch, ${net.classes}].

Usage:
${weights}
    logits = model(images)

Depends on torch only. Every op is pre-activation, as the search trained it: BN -> ReLU -> 1x1
reduction -> BN, then parallel paths of (activation -> conv) whose outputs are summed, written into
the block's memory banks.
"""
import json
import struct

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def same_padding(kernel, dilation):
    """Symmetric zero padding that keeps the size at stride 1: (k + (k - 1)(d - 1)) // 2 per axis."""
    return tuple((k + (k - 1) * (d - 1)) // 2 for k, d in zip(kernel, dilation))


class ConvUnit(nn.Module):
    """Activation, then a bias-free convolution."""

    def __init__(self, in_channels, out_channels, kernel, dilation, groups, activation):
        super().__init__()
        self.activation = ACTIVATIONS[activation]()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel, padding=same_padding(kernel, dilation),
                              dilation=dilation, groups=groups, bias=False)

    def forward(self, x):
        return self.conv(self.activation(x))


class Op(nn.Module):
    """Reads the concatenation of some memory banks, returns [batch, out_channels, h, w]."""

    def __init__(self, reads, writes, in_channels, bottleneck_channels, paths):
        super().__init__()
        self.reads = reads  # bank indices, concatenated in this order
        self.writes = writes  # (bank, chunk): output chunk \`chunk\` is set into, or added to, bank \`bank\`
        self.bn_in = nn.BatchNorm2d(in_channels)
        self.reduce = nn.Conv2d(in_channels, bottleneck_channels, 1, bias=False)
        self.bn_mid = nn.BatchNorm2d(bottleneck_channels)
        self.paths = nn.ModuleList(nn.Sequential(*convs) for convs in paths)

    def forward(self, x):
        reduced = self.bn_mid(self.reduce(torch.relu(self.bn_in(x))))
        outputs = [path(reduced) for path in self.paths]
        return outputs[0] if len(outputs) == 1 else torch.stack(outputs).sum(0)


class Block(nn.Module):
    """Memory banks of bank_channels each; the first initial_banks hold the block input."""

    def __init__(self, bank_channels, num_banks, initial_banks, ops):
        super().__init__()
        self.bank_channels = bank_channels
        self.num_banks = num_banks
        self.initial_banks = initial_banks
        self.ops = nn.ModuleList(ops)

    def forward(self, x):
        c = self.bank_channels
        banks = [None] * self.num_banks
        for i in range(self.initial_banks):
            banks[i] = x[:, i * c:(i + 1) * c]
        for op in self.ops:
            y = op(torch.cat([banks[r] for r in op.reads], dim=1))
            for bank, chunk in op.writes:
                part = y[:, chunk * c:(chunk + 1) * c]
                banks[bank] = part if banks[bank] is None else banks[bank] + part
        # The written banks, in bank order, are the block's output.
        return torch.cat([bank for bank in banks if bank is not None], dim=1)


class Transition(nn.Module):
    """BN -> ReLU -> 1x1 conv, halving the resolution with 2x2 pooling (average before the conv, max after)."""

    def __init__(self, in_channels, out_channels, pool):
        super().__init__()
        self.pool = pool
        self.bn = nn.BatchNorm2d(in_channels)
        self.conv = nn.Conv2d(in_channels, out_channels, 1, bias=False)

    def forward(self, x):
        x = torch.relu(self.bn(x))
        if self.pool == "avg":
            return self.conv(nn.functional.avg_pool2d(x, 2))
        return nn.functional.max_pool2d(self.conv(x), 2)


class Head(nn.Module):
    """BN -> ReLU -> average pooling to grid x grid cells -> linear classifier over every cell.

    grid 1 is global average pooling. For a larger grid, pool is the (kernel, stride) pair of the
    pooling, and the cells are flattened channels last, the order the engine's weights are in.
    """

    def __init__(self, in_channels, classes, grid=1, pool=None):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_channels)
        self.pool = nn.AvgPool2d(*pool) if grid > 1 else None
        self.fc = nn.Linear(grid * grid * in_channels, classes)

    def forward(self, x):
        x = torch.relu(self.bn(x))
        if self.pool is None:
            return self.fc(x.mean(dim=(2, 3)))
        return self.fc(self.pool(x).permute(0, 2, 3, 1).flatten(1))


class ${context.className}(nn.Module):
    def __init__(self):
        super().__init__()
        # Per-channel mean and standard deviation of pixel / 255 on the run's training split.
        self.register_buffer("mean", torch.tensor(${floats(net.normalization.mean)}).view(1, -1, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(${floats(net.normalization.std)}).view(1, -1, 1, 1), persistent=False)
        # ${comment(net.stem.origins)}: ${net.stem.kernel}x${net.stem.kernel} conv, stride ${net.stem.stride}
        self.stem = nn.Conv2d(${net.stem.inChannels}, ${net.stem.outChannels}, ${net.stem.kernel}, stride=${net.stem.stride}, padding=${Math.floor(net.stem.kernel / 2)}, bias=False)
        self.blocks = nn.ModuleList([
${net.blocks.map((block) => blockCode(block, 3)).join('\n')}
        ])
        self.transitions = nn.ModuleList([
${net.transitions.map((t) => `${INDENT.repeat(3)}# ${comment(t.origins)}\n${INDENT.repeat(3)}Transition(in_channels=${t.inChannels}, out_channels=${t.outChannels}, pool="${t.pool}"),`).join('\n')}
        ])
${headCode(net.head)}

    def forward(self, images):
        x = self.stem((images - self.mean) / self.std)
        for i, block in enumerate(self.blocks):
            x = block(x)
            if i < len(self.transitions):
                x = self.transitions[i](x)
        return self.head(x)


def load_safetensors(model, path):
    """Loads a .safetensors file of float32 tensors into model (BN batch counters excepted)."""
    with open(path, "rb") as f:
        (header_length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_length))
        data = f.read()
    state = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        state[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(entry["shape"])
    result = model.load_state_dict(state, strict=False)
    missing = [k for k in result.missing_keys if not k.endswith("num_batches_tracked")]
    if missing or result.unexpected_keys:
        raise ValueError(f"{path} does not fit {type(model).__name__}: missing {missing}, unexpected {result.unexpected_keys}")
`;
}

function blockCode(block: BlockLayer, depth: number): string {
    const pad = INDENT.repeat(depth);
    const head = `${pad}# ${comment(block.origins)}: ${block.numBanks} banks of ${block.bankChannels} channels, `
        + `${block.initialBanks} holding the ${block.inChannels}-channel input, ${block.resolution[0]}x${block.resolution[1]}`;
    const ops = block.ops.map((op, i) => opCode(op, i, depth + 1)).join('\n');
    return `${head}\n${pad}Block(bank_channels=${block.bankChannels}, num_banks=${block.numBanks}, initial_banks=${block.initialBanks}, ops=[\n${ops}\n${pad}]),`;
}

function opCode(op: OpLayer, index: number, depth: number): string {
    const pad = INDENT.repeat(depth);
    const writes = `[${op.writes.map((w) => `(${w.bank}, ${w.chunk})`).join(', ')}]`;
    const paths = op.paths.map((path) => `${pad}${INDENT.repeat(2)}[\n${path.map((conv) => convCode(conv, depth + 3)).join('\n')}\n${pad}${INDENT.repeat(2)}],`).join('\n');
    const inner = pad + INDENT;
    return `${pad}# op ${index}: ${comment(op.origins)}\n`
        + `${pad}Op(\n${inner}reads=[${op.reads.join(', ')}], writes=${writes},\n`
        + `${inner}in_channels=${op.inChannels}, bottleneck_channels=${op.bottleneckChannels},\n`
        + `${inner}paths=[\n${paths}\n${inner}],\n${pad}),`;
}

function convCode(conv: ConvLayer, depth: number): string {
    const pad = INDENT.repeat(depth);
    return `${pad}# ${comment(conv.origins)}\n`
        + `${pad}ConvUnit(${conv.inChannels}, ${conv.outChannels}, kernel=(${conv.kernel.join(', ')}), dilation=(${conv.dilation.join(', ')}), `
        + `groups=${conv.groups}, activation="${conv.activation}"),`;
}

/** The `self.head = Head(...)` line, with where the grid was written when it is not global pooling. */
function headCode(head: HeadLayer): string {
    const pad = INDENT.repeat(2);
    if (head.grid === 1) return `${pad}self.head = Head(in_channels=${head.inChannels}, classes=${head.classes})`;
    const { kernel, stride } = head.pool;
    return `${pad}# ${comment(head.origins)}: ${head.grid}x${head.grid} cells, windows ${kernel[0]}x${kernel[1]}, stride ${stride[0]}x${stride[1]}\n`
        + `${pad}self.head = Head(in_channels=${head.inChannels}, classes=${head.classes}, grid=${head.grid}, `
        + `pool=((${kernel[0]}, ${kernel[1]}), (${stride[0]}, ${stride[1]})))`;
}

/** "kernel 3 (line 12), dilation 2 (line 13)": consecutive values of one line share its number. */
function comment(origins: Origin[]): string {
    const parts: string[] = [];
    origins.forEach((o, i) => {
        const next = origins[i + 1];
        parts.push(next && next.line === o.line ? o.value : `${o.value} (line ${o.line})`);
    });
    return parts.join(', ');
}

function floats(values: number[]): string {
    return `[${values.map((v) => Number(v.toPrecision(9)).toString()).join(', ')}]`;
}
