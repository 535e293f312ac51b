/**
 * The Markdown of hovers: a knob's documentation and default, and the numbers derived from a
 * compiled space for the space itself, one of its blocks or one of its op families.
 */
import { dilationCap } from '../engine/space/architecture-rules.js';
import type { SpaceStats } from '../engine/space/space-stats.js';
import type { Choice, SearchSpace } from '../engine/space/space.js';
import type { Knob } from './smash-knobs.js';

export function knobMarkdown(knob: Knob): string {
    const where = knob.keyword === knob.section ? 'section' : `in \`${knob.section}\``;
    const lines = [`**${knob.keyword}** (${where})`, '', knob.doc];
    if (knob.default !== undefined) lines.push('', `Default: \`${knob.default}\``);
    return lines.join('\n');
}

export function spaceMarkdown(space: SearchSpace, stats: SpaceStats): string {
    const range = (r: { min: number; mean: number; max: number }) =>
        `${compact(r.min)} – ${compact(r.max)} (mean ${compact(r.mean)})`;
    return table([
        ['Architectures', `≈ 10^${stats.log10Architectures.toFixed(1)}`],
        ['Parameters (retrained)', range(stats.params)],
        ['MACs per image', range(stats.macs)],
        ['Encoding c', shape(stats.encodingShape)],
        ['HyperNet output', shape(stats.hypernetOutputShape)],
        ['HyperNet parameters', compact(stats.hypernetParams)],
        ['Freely learned parameters', compact(stats.freeParams)],
        ['Blocks', space.blocks.map((b) => `${b.name} ${b.resolution.join('×')}`).join(', ')],
    ]) + `\n\nRanges over ${stats.samples} sampled architectures.`;
}

export function blockMarkdown(space: SearchSpace, stats: SpaceStats, name: string): string | undefined {
    const index = space.blocks.findIndex((b) => b.name === name);
    const block = space.blocks[index];
    if (!block) return undefined;
    const { budget } = block;
    const slice = space.slice * space.unit;
    const anneal = budget.anneal
        ? `, upper bound annealed from ${budget.anneal.start} over the first ${percent(budget.anneal.over)} of training`
        : '';
    return table([
        ['Resolution', block.resolution.join(' × ')],
        ['Input channels', String(block.inChannels)],
        ['Full 1x1 budget', `${budget.total} channels = ${stats.slicesPerBlock[index] ?? '?'} slices of D·N = ${slice}`],
        ['Budget drawn', `${budget.min} – ${budget.max} of it${anneal}`],
        ['Memory', `at most ${block.maxBanks} units of N = ${space.unit} channels; bank size ${choices(block.bankSizes)} units`],
        ['Op families', choices(block.ops)],
    ]);
}

export function opFamilyMarkdown(space: SearchSpace, name: string): string | undefined {
    const op = space.ops[name];
    if (!op) return undefined;
    const kernels = [...new Set([...op.kernelHeight, ...op.kernelWidth].map((c) => c.value))].sort((a, b) => a - b);
    const caps = kernels.map((k) => `${k}: d ≤ ${dilationCap(op, k)}`).join(', ');
    const users = space.blocks.filter((b) => b.ops.some((c) => c.value === name)).map((b) => b.name);
    return table([
        ['Structures', choices(op.structures, (depths) => `(${depths.join(', ')})`)],
        ['Kernel (h × w)', `${choices(op.kernelHeight)} × ${choices(op.kernelWidth)}`],
        ['Dilation', `${choices(op.dilation)}, capped per kernel size (${caps})`],
        ['Groups', choices(op.groups)],
        ['Activation', choices(op.activation)],
        ['Bottleneck ratio', choices(op.bottleneck)],
        ['Output width', `a multiple of the block's bank size, at most N_max = ${space.maxWidth} channels`],
        ['Reads / writes', `${op.reads.min}–${op.reads.max} / ${op.writes.min}–${op.writes.max} banks`],
        ['Used by', users.length > 0 ? users.join(', ') : 'no block'],
    ]);
}

/** `{3, 5}` when all weights are equal, `{relu: 0.7, tanh: 0.3}` otherwise. */
function choices<T>(items: Choice<T>[], show: (value: T) => string = String): string {
    const uniform = items.every((c) => c.weight === items[0]?.weight);
    const parts = items.map((c) => (uniform ? show(c.value) : `${show(c.value)}: ${c.weight}`));
    return parts.length === 1 ? parts[0]! : `{${parts.join(', ')}}`;
}

function table(rows: Array<[string, string]>): string {
    return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function shape(dims: readonly number[]): string {
    return `[${dims.join(', ')}]`;
}

function percent(fraction: number): string {
    return `${Math.round(fraction * 1000) / 10}%`;
}

/** 1234 -> 1.23k, 4.5e6 -> 4.5M: three significant digits are all a hover needs. */
export function compact(n: number): string {
    const units: Array<[number, string]> = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (const [size, suffix] of units) {
        if (Math.abs(n) >= size) return `${Number((n / size).toPrecision(3))}${suffix}`;
    }
    return String(Number(n.toPrecision(3)));
}
