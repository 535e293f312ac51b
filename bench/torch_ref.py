#!/usr/bin/env python3
"""The PyTorch reference of the benchmark: the architecture the TypeScript benchmark times, built
as the same network (DerivedNet in src/engine/model/derived-net.ts: every op BN -> ReLU -> 1x1 -> BN, then
its convs, activation first; banks set or added; transitions BN -> ReLU -> 1x1 -> 2x2 pool; head
BN -> ReLU -> mean -> linear) and trained with the same optimiser on random data, on the CPU.

    python3 bench/torch_ref.py NET.json --batch 64 --steps 5 --warmup 2 --threads 2

NET.json is what bench/torch-spec.ts writes. Prints one JSON line: median wall and CPU ms per step,
and the forward multiply-accumulates per image counted from the modules built here.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ACTIVATIONS = {'relu': F.relu, 'tanh': torch.tanh, 'sigmoid': torch.sigmoid}


def same_padding(kernel, dilation):
    return (kernel + (kernel - 1) * (dilation - 1)) // 2


def conv(cin, cout, kernel, dilation=(1, 1), groups=1):
    padding = tuple(same_padding(k, d) for k, d in zip(kernel, dilation))
    return nn.Conv2d(cin, cout, tuple(kernel), padding=padding, dilation=tuple(dilation), groups=groups, bias=False)


class Op(nn.Module):
    def __init__(self, op, unit):
        super().__init__()
        out = op['width'] * unit
        self.bn_in = nn.BatchNorm2d(op['nIn'])
        self.reduce = nn.Conv2d(op['nIn'], op['nB'], 1, bias=False)
        self.bn_mid = nn.BatchNorm2d(op['nB'])
        self.paths = nn.ModuleList()
        self.activations = []
        index = 0
        for depth in op['structure']:
            convs = nn.ModuleList()
            acts = []
            for d in range(depth):
                c = op['convs'][index]
                convs.append(conv(op['nB'] if d == 0 else out, out, c['kernel'], c['dilation'], c['groups']))
                acts.append(ACTIVATIONS[c['activation']])
                index += 1
            self.paths.append(convs)
            self.activations.append(acts)

    def forward(self, x):
        y = self.bn_mid(self.reduce(F.relu(self.bn_in(x))))
        total = None
        for convs, acts in zip(self.paths, self.activations):
            z = y
            for c, act in zip(convs, acts):
                z = c(act(z))
            total = z if total is None else total + z
        return total


class Net(nn.Module):
    def __init__(self, spec):
        super().__init__()
        unit = spec['unit']
        self.unit = unit
        self.blocks = spec['arch']['blocks']
        self.pools = [t['pool'] for t in spec['transitions']]
        self.stem = conv(spec['input']['channels'], spec['stem']['width'], (spec['stem']['kernel'],) * 2)
        self.ops = nn.ModuleList(nn.ModuleList(Op(op, unit) for op in block['ops']) for block in self.blocks)
        memory = [memory_channels(block, unit) for block in self.blocks]
        self.transition_bns = nn.ModuleList(nn.BatchNorm2d(memory[i]) for i in range(len(self.blocks) - 1))
        self.transition_convs = nn.ModuleList(
            nn.Conv2d(memory[i], spec['transitions'][i]['width'], 1, bias=False) for i in range(len(self.blocks) - 1))
        self.head_bn = nn.BatchNorm2d(memory[-1])
        self.fc = nn.Linear(memory[-1], spec['classes'])

    def forward(self, x):
        features = self.stem(x)
        for b, block in enumerate(self.blocks):
            width = block['bankSize'] * self.unit
            banks = [None] * block['numBanks']
            for i in range(block['initialBanks']):
                banks[i] = features[:, i * width:(i + 1) * width]
            for op, module in zip(block['ops'], self.ops[b]):
                reads = [banks[r] for r in op['reads']]
                out = module(reads[0] if len(reads) == 1 else torch.cat(reads, 1))
                for w in op['writes']:
                    part = out if op['width'] == block['bankSize'] else out[:, w['chunk'] * width:(w['chunk'] + 1) * width]
                    banks[w['bank']] = part if banks[w['bank']] is None else banks[w['bank']] + part
            written = [bank for bank in banks if bank is not None]
            memory = written[0] if len(written) == 1 else torch.cat(written, 1)
            if b == len(self.blocks) - 1:
                return self.fc(F.relu(self.head_bn(memory)).mean((2, 3)))
            y = self.transition_convs[b](F.relu(self.transition_bns[b](memory)))
            features = F.max_pool2d(y, 2) if self.pools[b] == 'max' else F.avg_pool2d(y, 2)


def memory_channels(block, unit):
    written = set(range(block['initialBanks']))
    for op in block['ops']:
        written.update(w['bank'] for w in op['writes'])
    return len(written) * block['bankSize'] * unit


def count_macs(model, x):
    """Forward multiply-accumulates per image of every conv and linear layer, from their actual output sizes."""
    total = 0

    def hook(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total += output.shape[2] * output.shape[3] * kh * kw * (module.in_channels // module.groups) * module.out_channels
        elif isinstance(module, nn.Linear):
            total += module.in_features * module.out_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(x[:1])
    for h in handles:
        h.remove()
    return total


def optimizer_for(spec, model):
    opt = spec['optimizer']
    if opt['kind'] == 'sgd':
        return torch.optim.SGD(model.parameters(), lr=opt['lr'], momentum=opt['momentum'], nesterov=opt['nesterov'],
                               weight_decay=spec['weightDecay'])
    return torch.optim.Adam(model.parameters(), lr=opt['lr'], betas=(opt['beta1'], opt['beta2']), eps=opt['eps'],
                            weight_decay=spec['weightDecay'])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('net')
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--steps', type=int, default=5)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    args = parser.parse_args()
    with open(args.net) as f:
        spec = json.load(f)
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = Net(spec)
    shape = spec['input']
    x = torch.randn(args.batch, shape['channels'], shape['height'], shape['width'])
    y = torch.randint(0, spec['classes'], (args.batch,))
    macs = count_macs(model, x)
    model.train()
    optimizer = optimizer_for(spec, model)
    wall, cpu = [], []
    load = os.getloadavg()[0]
    for step in range(args.warmup + args.steps):
        w0, c0 = time.perf_counter(), time.process_time()
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        if step >= args.warmup:
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    print(json.dumps({
        'torch': torch.__version__, 'threads': torch.get_num_threads(), 'batch': args.batch, 'macs': macs,
        'wallMs': statistics.median(wall), 'cpuMs': statistics.median(cpu), 'samples': args.steps,
        'load': [load, os.getloadavg()[0]], 'loss': float(loss),
    }))


if __name__ == '__main__':
    sys.exit(main())
