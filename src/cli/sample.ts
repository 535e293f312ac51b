/**
 * `smash sample FILE`: the architectures a search with this seed would draw in its random stage,
 * without training anything; `--stats` summarises many draws. Output is deterministic per seed.
 */
import type { Architecture, OpArchitecture } from '../engine/space/architecture.js';
import { sampleSpace, type SampledArchitecture } from '../engine/space/sample-space.js';
import { sampleStats, type SampleStats, type Spread } from '../engine/space/sample-stats.js';
import type { SearchSpace } from '../engine/space/space.js';
import { formatCount } from '../webview/common/format.js';
import { checkedSpace } from './progress.js';

export interface SampleArgs {
    file: string;
    /** Absent: the space's own seed, as a search uses it. */
    seed?: number;
    count: number;
    json: boolean;
    stats: boolean;
}

/** Draws for `--stats` when no --count is given. */
export const STATS_DRAWS = 1000;

export async function runSample(args: SampleArgs, out: (line: string) => void): Promise<number> {
    const space = await checkedSpace(args.file, out);
    if (!space) return 1;
    const seed = args.seed ?? space.seed;
    const samples = sampleSpace(space, seed, args.count);
    const head = `${args.file}: seed ${seed}, ${samples.length} architecture${samples.length === 1 ? '' : 's'} as a search's random stage draws them`;
    if (args.stats) {
        const stats = sampleStats(space, samples);
        if (args.json) out(JSON.stringify({ file: args.file, seed, stats }, null, 2));
        else formatStats(stats, head).forEach((line) => out(line));
    } else if (args.json) {
        out(JSON.stringify({ file: args.file, seed, architectures: samples }, null, 2));
    } else {
        out(head);
        for (const s of samples) formatSample(space, s).forEach((line) => out(line));
    }
    return 0;
}

/** `#1 5f0c…  48.2 k params  3.10 M MACs`, then a line per block and per op. */
export function formatSample(space: SearchSpace, s: SampledArchitecture): string[] {
    return ['', `#${s.index + 1}  ${s.id}  ${formatCount(s.params)} params  ${formatCount(s.macs)} MACs`, ...formatArchitecture(space, s.architecture)];
}

function formatArchitecture(space: SearchSpace, arch: Architecture): string[] {
    return arch.blocks.flatMap((block, b) => [
        `  block ${space.blocks[b]?.name ?? b + 1}: bank size ${block.bankSize}, ${block.numBanks} banks (${block.initialBanks} hold the input), `
        + `budget ${Math.round(block.budgetFraction * 100)} % = ${block.budgetSlices} slices, ${block.ops.length} op${block.ops.length === 1 ? '' : 's'}`,
        ...block.ops.map((op, o) => `    ${o + 1}. ${formatOp(op)}`),
    ]);
}

/** `basic  reads 0,1  writes 2,3+  width 4  1x1 16->32 (bottleneck 2)  paths (2, 1): k3x3 d1x1 g1 relu -> k5x5 … | k3x3 …` */
function formatOp(op: OpArchitecture): string {
    let conv = 0;
    const paths = op.structure.map((depth) => Array.from({ length: depth }, () => {
        const c = op.convs[conv++]!;
        return `k${c.kernel[0]}x${c.kernel[1]} d${c.dilation[0]}x${c.dilation[1]} g${c.groups} ${c.activation}`;
    }).join(' -> '));
    const writes = op.writes.map((w) => w.bank).join(',');
    return `${op.family}  reads ${op.reads.join(',')}  writes ${writes}  width ${op.width}  1x1 ${op.nIn}->${op.nB} (bottleneck ${op.bottleneck})`
        + `  paths (${op.structure.join(', ')}): ${paths.join(' | ')}`;
}

export function formatStats(stats: SampleStats, head: string): string[] {
    const spreadLine = (s: Spread, f: (n: number) => string) =>
        `min ${f(s.min)}  q1 ${f(s.q1)}  median ${f(s.median)}  q3 ${f(s.q3)}  max ${f(s.max)}`;
    const share = (count: number, of: number) => `${of === 0 ? 0 : ((100 * count) / of).toFixed(1)} %`;
    const lines = [head, '', `params  ${spreadLine(stats.params, formatCount)}`, `MACs    ${spreadLine(stats.macs, formatCount)}`, '', 'ops per block'];
    for (const b of stats.opsPerBlock) {
        const counts = b.counts.flatMap((c, n) => (c > 0 ? [`${n}: ${share(c, stats.samples)}`] : [])).join(', ');
        lines.push(`  block ${b.block}  ${spreadLine(b.spread, (n) => String(Number(n.toFixed(2))))}  (${counts})`);
    }
    lines.push('', 'values drawn');
    const width = Math.max(...stats.knobs.map((k) => `${k.scope}  ${k.knob}`.length));
    for (const k of stats.knobs) {
        const values = k.values.map((v) => `${v.value}: ${share(v.count, k.draws)}`).join(', ');
        lines.push(`  ${`${k.scope}  ${k.knob}`.padEnd(width)}  ${values}  (${k.draws} draws)`);
    }
    return lines;
}
