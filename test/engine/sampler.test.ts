import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { architectureId, canonicalJson, withoutSources, type Architecture } from '../../src/engine/space/architecture.js';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import { perturbArchitecture } from '../../src/engine/space/perturb.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { Choice, SearchSpace } from '../../src/engine/space/space.js';
import { compileText, fixtures, invariantViolations, textAt, TINY_TEXT, type Fixture } from './arch-fixtures.js';

let all: Fixture[];
const get = (name: string): Fixture => all.find((f) => f.name === name)!;
beforeAll(async () => {
    all = await fixtures();
});

const draws = (space: SearchSpace, n: number, progress = 1, seed0 = 0): Architecture[] =>
    Array.from({ length: n }, (_, i) => sampleArchitecture(space, new Random(seed0 + i), progress));

describe('sampleArchitecture', () => {
    test('is deterministic per seed and differs between seeds', () => {
        for (const { space } of all) {
            const a = sampleArchitecture(space, new Random(7));
            const b = sampleArchitecture(space, new Random(7));
            expect(JSON.stringify(b)).toBe(JSON.stringify(a));
            expect(architectureId(b)).toBe(architectureId(a));
            const ids = new Set(draws(space, 20, 1, 100).map(architectureId));
            expect(ids.size).toBe(20);
        }
    });

    test.each(['fashion-tiny', 'smash-v2-cifar10', 'spec-tiny'])('keeps every structural invariant on %s', (name) => {
        const { space } = get(name);
        for (const [i, arch] of draws(space, name === 'smash-v2-cifar10' ? 100 : 200, 1, 1000).entries()) {
            expect(invariantViolations(space, arch), `seed ${1000 + i}`).toEqual([]);
            const reloaded = validateArchitecture(space, JSON.parse(JSON.stringify(arch)));
            expect(canonicalJson(reloaded)).toBe(canonicalJson(arch));
        }
    });

    test('allows exactly the spec bank sizes (odd ones only with >= D input banks)', () => {
        // 200 draws miss one of 8 equally likely sizes with probability < 1e-10.
        const sizes = (space: SearchSpace) => {
            const archs = draws(space, 200, 1, 5000);
            return space.blocks.map((_, i) => [...new Set(archs.map((a) => a.blocks[i]!.bankSize))].sort((a, b) => a - b));
        };
        expect(sizes(get('spec-tiny').space)).toEqual([[1, 2, 4], [1, 2, 3, 4], [1, 2, 3, 4]]);
        expect(sizes(get('smash-v2-cifar10').space)).toEqual([[1, 2, 3, 4, 6, 8], [1, 2, 3, 4, 5, 6, 8], [1, 2, 3, 4, 5, 6, 7, 8]]);
    });

    test('anneals kernels and the budget with training progress', () => {
        const { space } = get('smash-v2-cifar10');
        const kernels = (archs: Architecture[]) => new Set(archs.flatMap((a) => a.blocks.flatMap((b) => b.ops.flatMap((o) => o.convs.flatMap((c) => c.kernel)))));
        const fractions = (archs: Architecture[]) => archs.flatMap((a) => a.blocks.map((b) => b.budgetFraction));
        const start = draws(space, 40, 0);
        expect([...kernels(start)]).toEqual([3]);
        expect(Math.max(...fractions(start))).toBeLessThan(0.5);
        expect(Math.min(...fractions(start))).toBeGreaterThanOrEqual(0.3);
        const quarter = draws(space, 40, 0.25);
        expect([...kernels(quarter)].sort()).toEqual([3, 5]);
        expect(Math.max(...fractions(quarter))).toBeLessThan(0.75);
        expect(Math.max(...fractions(quarter))).toBeGreaterThan(0.6);
        expect([...kernels(draws(space, 40, 1))].sort()).toEqual([3, 5, 7]);
        expect(() => sampleArchitecture(space, new Random(1), 1.5)).toThrow(/progress/);
    });

    test('points sources at the text that allowed each value', () => {
        const { space, text } = get('fashion-tiny');
        const at = (ref: { range: Parameters<typeof textAt>[1] }) => textAt(text, ref.range);
        let convs = 0;
        for (const arch of draws(space, 20)) {
            arch.blocks.forEach((block, i) => {
                expect(at(block.sources.block)).toMatch(new RegExp(`^block ${space.blocks[i]!.name}`));
                if (i === 0) expect(at(block.sources.bankSize)).toBe(String(block.bankSize));
                for (const op of block.ops) {
                    expect(at(op.sources.family)).toBe(op.family);
                    expect(at(op.sources.definition)).toMatch(new RegExp(`^op ${op.family} \\{`));
                    op.convs.forEach((conv, c) => {
                        const s = op.sources.convs[c]!;
                        expect([at(s.kernel[0]), at(s.kernel[1])]).toEqual(conv.kernel.map(String));
                        expect([at(s.dilation[0]), at(s.dilation[1])]).toEqual(conv.dilation.map(String));
                        expect(at(s.groups)).toBe(String(conv.groups));
                        convs++;
                    });
                }
            });
        }
        expect(convs).toBeGreaterThan(100);
    });
});

describe('distribution (spec §2.7, v2 defaults, evaluation time)', () => {
    test('ops per block, write counts, kernel pairs, groups and dilations', () => {
        const { space } = get('smash-v2-cifar10');
        const archs = draws(space, 300, 1, 20_000);
        const meanOps = space.blocks.map((_, i) => archs.reduce((s, a) => s + a.blocks[i]!.ops.length, 0) / archs.length);
        [7.6, 11.5, 17.9].forEach((expected, i) => expect(Math.abs(meanOps[i]! - expected) / expected).toBeLessThan(0.12));
        const ops = archs.flatMap((a) => a.blocks.flatMap((b) => b.ops.map((op) => ({ op, bs: b.bankSize }))));
        const minimal = ops.filter(({ op, bs }) => op.writes.length === op.width / bs).length / ops.length;
        expect(minimal).toBeGreaterThan(0.77);
        expect(minimal).toBeLessThan(0.85);
        const convs = ops.flatMap(({ op }) => op.convs);
        const share = (pred: (c: (typeof convs)[number]) => boolean) => convs.filter(pred).length / convs.length;
        for (const h of [3, 5, 7]) for (const w of [3, 5, 7]) expect(Math.abs(share((c) => c.kernel[0] === h && c.kernel[1] === w) - 1 / 9)).toBeLessThan(0.015);
        for (const g of [1, 2, 4, 8]) expect(Math.abs(share((c) => c.groups === g) - 0.25)).toBeLessThan(0.015);
        const first = ops.map(({ op }) => op.convs[0]!);
        expect(Math.abs(first.filter((c) => c.dilation[0] === 1 && c.dilation[1] === 1).length / first.length - 0.373)).toBeLessThan(0.03);
        const slices = archs.map((a) => a.blocks.reduce((s, b) => s + b.ops.reduce((t, op) => t + op.nIn / 16, 0), 0));
        expect(Math.abs(slices.reduce((a, b) => a + b) / slices.length - 225) / 225).toBeLessThan(0.1);
    });

    test('early in training: about 25 ops and 137 slices', () => {
        const archs = draws(get('smash-v2-cifar10').space, 150, 0, 30_000);
        const ops = archs.map((a) => a.blocks.reduce((s, b) => s + b.ops.length, 0));
        const slices = archs.map((a) => a.blocks.reduce((s, b) => s + b.ops.reduce((t, op) => t + op.nIn / 16, 0), 0));
        expect(Math.abs(ops.reduce((a, b) => a + b) / ops.length - 25) / 25).toBeLessThan(0.12);
        expect(Math.abs(slices.reduce((a, b) => a + b) / slices.length - 137) / 137).toBeLessThan(0.1);
    });

    test('spec tiny config: mean ops per block 3.3 / 4.7 / 7.6, at most 64 slices', () => {
        const { space } = get('spec-tiny');
        const archs = draws(space, 300, 1, 40_000);
        [3.3, 4.7, 7.6].forEach((expected, i) => {
            const mean = archs.reduce((s, a) => s + a.blocks[i]!.ops.length, 0) / archs.length;
            expect(Math.abs(mean - expected) / expected).toBeLessThan(0.15);
        });
        for (const a of archs) expect(a.blocks.reduce((s, b) => s + b.ops.reduce((t, op) => t + op.nIn / 8, 0), 0)).toBeLessThanOrEqual(64);
    });
});

describe('clear errors', () => {
    test('a block whose budget cannot pay for one op is named', async () => {
        const space = await compileText(TINY_TEXT.replace('of 80', 'of 4'));
        expect(() => sampleArchitecture(space, new Random(1))).toThrow(/block 'b1'.*cannot pay for a single op/);
    });

    test('a block without a usable bank size is named', async () => {
        const space = await compileText(TINY_TEXT.replace('bankSize 1 .. 4  maxBanks 14', 'bankSize {3, 8}  maxBanks 14').replace('width 24 }', 'width 16 }'));
        expect(() => sampleArchitecture(space, new Random(1))).toThrow(/block 'b2': none of its bank sizes can be used/);
    });
});

describe('validateArchitecture', () => {
    test('names the bad field', () => {
        const { space } = get('fashion-tiny');
        const arch = sampleArchitecture(space, new Random(3));
        const broken = (edit: (a: any) => void) => {
            const copy = JSON.parse(JSON.stringify(arch));
            edit(copy);
            return () => validateArchitecture(space, copy);
        };
        expect(broken((a) => { a.blocks[0].ops[0].convs[0].kernel[0] = 9; })).toThrow(/blocks\[0\]\.ops\[0\]\.convs\[0\]\.kernel\[0\]: 9 is not one of/);
        expect(broken((a) => { a.blocks[0].ops[0].reads = [a.blocks[0].numBanks - 1]; })).toThrow(/blocks\[0\]\.ops\[0\]\.reads/);
        expect(broken((a) => { a.blocks[1].ops[0].nB += 4; })).toThrow(/blocks\[1\]\.ops\[0\]\.nB: expected/);
        expect(broken((a) => { a.blocks[0].budgetSlices = 1; })).toThrow(/blocks\[0\]\.budgetSlices/);
        expect(broken((a) => { a.blocks.pop(); })).toThrow(/blocks: expected 2 entries/);
        expect(broken((a) => { a.blocks[0].ops[0].family = 'nope'; })).toThrow(/family: "nope" is not one of/);
        expect(broken((a) => { delete a.blocks[0].ops[0].sources; })).not.toThrow();
        expect(() => validateArchitecture(space, 'x')).toThrow(/expected an object/);
    });

    test('ids ignore key order and sources but not the network', () => {
        const { space } = get('fashion-tiny');
        const arch = sampleArchitecture(space, new Random(4));
        const reordered = JSON.parse(JSON.stringify(arch, Object.keys(arch).reverse()));
        const noSources = JSON.parse(JSON.stringify(arch));
        for (const b of noSources.blocks) for (const op of b.ops) op.sources = {};
        expect(architectureId(noSources)).toBe(architectureId(arch));
        expect(architectureId({ ...reordered, blocks: arch.blocks })).toBe(architectureId(arch));
        const changed = JSON.parse(JSON.stringify(arch));
        changed.blocks[0].ops[0].convs[0].activation = 'tanh';
        expect(architectureId(changed)).not.toBe(architectureId(arch));
    });

    test('an architecture stored without sources reads back whole, with its sources re-derived', () => {
        for (const { name, space } of all) {
            const arch = sampleArchitecture(space, new Random(`stored:${name}`));
            const stored = JSON.stringify(withoutSources(arch));
            expect(stored).not.toContain('"sources"');
            expect(stored.length).toBeLessThan(JSON.stringify(arch).length / 2);
            expect(canonicalJson(validateArchitecture(space, JSON.parse(stored)))).toBe(canonicalJson(arch));
        }
    });
});

describe('any legal-looking space: a valid architecture (and perturbation) or a clear error, never a hang', () => {
    const ref = (base: SearchSpace) => base.at;
    const choices = <T>(values: T[], base: SearchSpace): Choice<T>[] => values.map((value) => ({ value, weight: 1, at: ref(base) }));

    test('random knobs', () => {
        const base = get('spec-tiny').space;
        let sampled = 0;
        let runs = 0;
        fc.assert(fc.property(
            fc.record({
                unit: fc.constantFrom(1, 2, 4, 8), slice: fc.constantFrom(1, 2, 3, 4), k: fc.integer({ min: 1, max: 6 }),
                blocks: fc.array(fc.record({
                    inUnits: fc.integer({ min: 1, max: 12 }), extraBanks: fc.integer({ min: 0, max: 30 }),
                    total: fc.integer({ min: 1, max: 600 }), min: fc.double({ min: 0.05, max: 1, noNaN: true }),
                    sizes: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
                }), { minLength: 1, maxLength: 3 }),
                reads: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 30 })),
                writes: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 30 })),
                structures: fc.constantFrom([[1]], [[1], [2, 2]], [[2, 1], [1, 1, 1]]),
                seed: fc.integer({ min: 0, max: 1000 }), progress: fc.double({ min: 0, max: 1, noNaN: true }),
                p: fc.double({ min: 0, max: 1, noNaN: true }),
            }),
            (v) => {
                runs++;
                const space: SearchSpace = structuredClone(base);
                Object.assign(space, { unit: v.unit, slice: v.slice, maxWidth: v.k * v.unit });
                space.blocks = v.blocks.map((b, i) => ({
                    ...structuredClone(base.blocks[0]!), name: `x${i}`, inChannels: b.inUnits * v.unit, maxBanks: b.inUnits + b.extraBanks,
                    bankSizes: choices([...new Set(b.sizes.map((size) => 1 + ((size - 1) % v.k)))], base),
                    budget: { min: b.min, max: 1, total: b.total, anneal: { start: Math.max(b.min, 0.5), over: 0.5 }, at: ref(base) },
                }));
                space.transitions = space.blocks.slice(1).map((b) => ({ width: b.inChannels, pool: 'avg', at: ref(base) }));
                const family = space.ops.conv!;
                family.reads = { min: v.reads[0], max: v.reads[0] + v.reads[1] };
                family.writes = { min: v.writes[0], max: v.writes[0] + v.writes[1] };
                family.structures = choices((v.structures as readonly (readonly number[])[]).map((st) => [...st]), base);
                family.groups = choices([1, 2, 4].filter((g) => v.unit % g === 0), base);
                try {
                    const arch = sampleArchitecture(space, new Random(v.seed), v.progress);
                    expect(invariantViolations(space, arch)).toEqual([]);
                    validateArchitecture(space, JSON.parse(JSON.stringify(arch)));
                    const moved = perturbArchitecture(space, arch, new Random(v.seed + 1), v.p, v.progress);
                    expect(invariantViolations(space, moved)).toEqual([]);
                    validateArchitecture(space, JSON.parse(JSON.stringify(moved)));
                    sampled++;
                } catch (e) {
                    expect((e as Error).message).toMatch(/^block 'x\d'/);
                }
            },
        ), { numRuns: 300, seed: 1 });
        expect(sampled / runs).toBeGreaterThan(0.4);
    });
});
