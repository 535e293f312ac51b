import { beforeAll, describe, expect, test } from 'vitest';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import { countFreeParams, countHypernetParams, countMacs, countParams, hypernetLayers } from '../../src/engine/space/cost.js';
import { encodingLayout } from '../../src/engine/space/encoding.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { estimateSpaceStats } from '../../src/engine/space/space-stats.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { compileText, fixtures, HAND_ARCH, HAND_TEXT, type Fixture } from './arch-fixtures.js';

let all: Fixture[];
let hand: SearchSpace;
const get = (name: string): SearchSpace => all.find((f) => f.name === name)!.space;
beforeAll(async () => {
    all = await fixtures();
    hand = await compileText(HAND_TEXT);
});

const handArch = (edit: (op: any) => void = () => {}) => {
    const json = structuredClone(HAND_ARCH) as any;
    edit(json.blocks[0].ops[0]);
    return json;
};

describe('derived network cost (spec §2.5)', () => {
    // 28x28x1 input; stem 3x3 1->24; op: BN(24) 1x1 24->24 BN(24), conv 3x5 groups 2 24->12; 3 banks of 12 -> head BN(36) FC 36->10.
    const stem = 3 * 3 * 1 * 24;
    const conv = 3 * 5 * (24 / 2) * 12;
    const head = 2 * 36 + 36 * 10 + 10;

    test('counts a hand-built architecture layer by layer', () => {
        const arch = validateArchitecture(hand, handArch());
        expect(countParams(hand, arch)).toBe(stem + 2 * 24 + 24 * 24 + 2 * 24 + conv + head);
        expect(countMacs(hand, arch)).toBe(28 * 28 * (stem + 24 * 24 + conv) + 36 * 10);
    });

    test('groups divide a conv\'s cost, dilation leaves it alone', () => {
        const base = validateArchitecture(hand, handArch());
        const ungrouped = validateArchitecture(hand, handArch((op) => { op.convs[0].groups = 1; }));
        expect(countParams(hand, ungrouped) - countParams(hand, base)).toBe(conv);
        expect(countMacs(hand, ungrouped) - countMacs(hand, base)).toBe(28 * 28 * conv);
        const dilated = validateArchitecture(hand, handArch((op) => { op.convs[0].dilation = [3, 2]; }));
        expect([countParams(hand, dilated), countMacs(hand, dilated)]).toEqual([countParams(hand, base), countMacs(hand, base)]);
    });

    test('two paths: first convs read the 1x1 output, second convs the op width', async () => {
        const space = await compileText(HAND_TEXT.replace('bottleneck 1 .. 4 }', 'bottleneck 1 .. 4 structure {(2, 1)} }'));
        const k3 = { kernel: [3, 3], dilation: [1, 1], groups: 1, activation: 'relu' };
        const arch = validateArchitecture(space, handArch((op) => { op.structure = [2, 1]; op.convs = [k3, k3, k3]; }));
        const convs = 9 * 24 * 12 + 9 * 12 * 12 + 9 * 24 * 12;
        expect(countParams(space, arch)).toBe(stem + 2 * 24 + 24 * 24 + 2 * 24 + convs + head);
    });

    test('sampled architectures: every op, transitions over every written bank, head', () => {
        const space = get('spec-tiny');
        for (let seed = 0; seed < 10; seed++) {
            const arch = sampleArchitecture(space, new Random(seed));
            let expected = 3 * 3 * 1 * 16;
            arch.blocks.forEach((block, i) => {
                for (const op of block.ops) {
                    expected += 2 * op.nIn + 2 * op.nB + op.nIn * op.nB;
                    op.convs.forEach((c, j) => { expected += c.kernel[0] * c.kernel[1] * ((j === 0 ? op.nB : op.width * 4) / c.groups) * op.width * 4; });
                }
                const written = Math.max(block.initialBanks, ...block.ops.flatMap((op) => op.writes.map((w) => w.bank + 1)));
                const channels = written * block.bankSize * 4;
                expected += i < 2 ? 2 * channels + channels * 24 : 2 * channels + channels * 10 + 10;
            });
            expect(countParams(space, arch)).toBe(expected);
        }
    });

    test("a head grid of g cells per side multiplies the classifier's inputs by g x g", () => {
        const space = get('spec-tiny');
        const grid3 = { ...space, head: { grid: 3, at: space.at } };
        const arch = sampleArchitecture(space, new Random(3));
        const last = arch.blocks[arch.blocks.length - 1]!;
        const channels = Math.max(last.initialBanks, ...last.ops.flatMap((op) => op.writes.map((w) => w.bank + 1))) * last.bankSize * 4;
        expect(countParams(grid3, arch) - countParams(space, arch)).toBe(8 * channels * 10);
        expect(countMacs(grid3, arch) - countMacs(space, arch)).toBe(8 * channels * 10);
        expect(countFreeParams(grid3) - countFreeParams(space)).toBe(8 * space.blocks[space.blocks.length - 1]!.maxBanks * space.unit * space.classes);
        expect(countParams({ ...space, head: undefined }, arch)).toBe(countParams(space, arch));
    });
});

describe('SMASH network and HyperNet (spec §4.3, §2.6)', () => {
    test('the default HyperNet has 26 convs and 582,541 parameters (~0.583 M)', () => {
        const single = structuredClone(get('smash-v2-cifar10'));
        single.ops.v2!.structures = [{ value: [1], weight: 1, at: single.at }];
        const layers = hypernetLayers(single);
        expect(layers.length).toBe(26);
        expect(layers[0]).toEqual({ kernel: 3, in: 92, out: 7 });
        expect(layers.filter((l) => l.out !== 10).map((l) => [l.in, l.out])).toEqual([[92, 7], [179, 89], [189, 94], [134, 128]]);
        // 3x3 (1+91)->7; stage 99..169 (+10 x8); 3x3 179->89; stage 89..179 (+10 x10); 3x3 189->94; stage 94..124 (+10 x4); 1x1 134->128.
        const expected = 9 * 92 * 7 + 90 * (99 + 109 + 119 + 129 + 139 + 149 + 159 + 169) + 9 * 179 * 89
            + 90 * (89 + 99 + 109 + 119 + 129 + 139 + 149 + 159 + 169 + 179) + 9 * 189 * 94 + 90 * (94 + 104 + 114 + 124) + 134 * 128;
        expect(countHypernetParams(single)).toBe(expected);
        expect(expected).toBe(582_541);
    });

    test('free parameters: 4 shared 7x7 main convs per block, the spec\'s 3.61 M when they read 128 channels', () => {
        const v2 = structuredClone(get('smash-v2-cifar10'));
        const rest = 7 * 7 * 3 * 64 + (2 * 192 + 192 * 96) + (2 * 224 + 224 * 112) + (2 * 256 + 256 * 10 + 10);
        // multiplier 1: the generated 1x1 is at most 64 wide, so the first convs read 64 channels.
        expect(countFreeParams(v2)).toBe(rest + 3 * 4 * 7 * 7 * 64 * 64);
        v2.hypernet.multiplier = 2;
        expect(countFreeParams(v2) - rest).toBe(3 * (2 * 7 * 7 * 128 * 64 + 2 * 7 * 7 * 64 * 64));
        expect(countFreeParams(v2) - rest).toBe(3_612_672);
    });
});

describe('estimateSpaceStats', () => {
    test('shapes and budgets of the v2 example (spec: S = 353, C = 143, N²D = 128)', () => {
        const stats = estimateSpaceStats(get('smash-v2-cifar10'), 8);
        expect(stats.slicesPerBlock).toEqual([52, 102, 199]);
        expect(stats.encodingShape).toEqual([1, 143, 8, 353]);
        expect(stats.hypernetOutputShape).toEqual([1, 128, 8, 353]);
        expect(stats.samples).toBe(8);
    });

    test('fashion example: consistent numbers in under 20 ms for 32 samples', () => {
        const space = get('fashion-tiny');
        const stats = estimateSpaceStats(space, 32);
        expect(stats.encodingShape).toEqual([1, encodingLayout(space).channels, 4, 26 + 31]);
        expect(stats.hypernetOutputShape).toEqual([1, 32, 4, 57]);
        expect(stats.hypernetParams).toBe(countHypernetParams(space));
        expect(stats.freeParams).toBe(countFreeParams(space));
        for (const range of [stats.params, stats.macs]) {
            expect(range.min).toBeGreaterThan(0);
            expect(range.min).toBeLessThanOrEqual(range.mean);
            expect(range.mean).toBeLessThanOrEqual(range.max);
        }
        expect(stats.params.max).toBeGreaterThan(stats.params.min);
        expect(stats.log10Architectures).toBeGreaterThan(10);
        expect(Number.isFinite(stats.log10Architectures)).toBe(true);
        expect(estimateSpaceStats(space, 32)).toEqual(stats);
        // The minimum of several runs: other processes on a busy machine only ever add time.
        const times = Array.from({ length: 15 }, () => {
            const t0 = performance.now();
            estimateSpaceStats(space, 32);
            return performance.now() - t0;
        });
        expect(Math.min(...times)).toBeLessThan(20);
    });
});
