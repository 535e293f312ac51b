import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { architectureId } from '../../src/engine/space/architecture.js';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import { perturbArchitecture } from '../../src/engine/space/perturb.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import { fixtures, invariantViolations, textAt, type Fixture } from './arch-fixtures.js';

let all: Fixture[];
beforeAll(async () => {
    all = await fixtures();
});

describe('perturbArchitecture', () => {
    test('p = 0 returns the same architecture', () => {
        for (const { space } of all) {
            for (let seed = 0; seed < 30; seed++) {
                const arch = sampleArchitecture(space, new Random(seed));
                expect(JSON.stringify(perturbArchitecture(space, arch, new Random(seed + 1), 0))).toBe(JSON.stringify(arch));
            }
        }
    });

    test('p = 1 redraws fields but keeps bank sizes, op counts, budgets and validity', () => {
        for (const { name, space } of all) {
            let ops = 0;
            const changed = { family: 0, reads: 0, width: 0, writes: 0, kernel: 0 };
            for (let seed = 0; seed < (name === 'smash-v2-cifar10' ? 30 : 60); seed++) {
                const arch = sampleArchitecture(space, new Random(seed));
                const next = perturbArchitecture(space, arch, new Random(seed + 1), 1);
                expect(invariantViolations(space, next), `${name} seed ${seed}`).toEqual([]);
                validateArchitecture(space, JSON.parse(JSON.stringify(next)));
                next.blocks.forEach((block, i) => {
                    const before = arch.blocks[i]!;
                    expect([block.bankSize, block.ops.length, block.budgetSlices]).toEqual([before.bankSize, before.ops.length, before.budgetSlices]);
                    block.ops.forEach((op, j) => {
                        const old = before.ops[j]!;
                        ops++;
                        if (op.family !== old.family) changed.family++;
                        if (JSON.stringify(op.reads) !== JSON.stringify(old.reads)) changed.reads++;
                        if (op.width !== old.width) changed.width++;
                        if (JSON.stringify(op.writes) !== JSON.stringify(old.writes)) changed.writes++;
                        if (JSON.stringify(op.convs[0]!.kernel) !== JSON.stringify(old.convs[0]!.kernel)) changed.kernel++;
                    });
                });
            }
            // Each field is redrawn, so it changes whenever its choice set has more than one value.
            expect(changed.reads / ops, name).toBeGreaterThan(0.3);
            expect(changed.width / ops, name).toBeGreaterThan(0.2);
            expect(changed.writes / ops, name).toBeGreaterThan(0.3);
            expect(changed.kernel / ops, name).toBeGreaterThan(0.3);
            if (name === 'fashion-tiny') expect(changed.family / ops).toBeGreaterThan(0.1);
        }
    });

    test('small p changes a few fields; the same stream gives the same result', () => {
        const { space } = all.find((f) => f.name === 'smash-v2-cifar10')!;
        let moved = 0;
        for (let seed = 0; seed < 20; seed++) {
            const arch = sampleArchitecture(space, new Random(seed));
            const a = perturbArchitecture(space, arch, new Random(99 + seed), 0.05);
            expect(JSON.stringify(perturbArchitecture(space, arch, new Random(99 + seed), 0.05))).toBe(JSON.stringify(a));
            if (architectureId(a) !== architectureId(arch)) moved++;
        }
        expect(moved).toBeGreaterThanOrEqual(18);
    });

    test('hill-climbing chains stay valid for any p and progress (property)', () => {
        const picks = all.filter((f) => f.name !== 'smash-v2-cifar10');
        fc.assert(fc.property(
            fc.integer({ min: 0, max: picks.length - 1 }), fc.integer({ min: 0, max: 10_000 }),
            fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
            (which, seed, p, progress) => {
                const { space } = picks[which]!;
                const rng = new Random(seed);
                let arch = sampleArchitecture(space, rng);
                for (let step = 0; step < 5; step++) {
                    arch = perturbArchitecture(space, arch, rng, p, progress);
                    expect(invariantViolations(space, arch)).toEqual([]);
                    validateArchitecture(space, JSON.parse(JSON.stringify(arch)));
                }
            },
        ), { numRuns: 60, seed: 3 });
    });

    test('sources follow the new values', () => {
        const { space, text } = all.find((f) => f.name === 'fashion-tiny')!;
        for (let seed = 0; seed < 10; seed++) {
            const next = perturbArchitecture(space, sampleArchitecture(space, new Random(seed)), new Random(seed), 1);
            for (const op of next.blocks.flatMap((b) => b.ops)) {
                expect(textAt(text, op.sources.family.range)).toBe(op.family);
                op.convs.forEach((conv, c) => {
                    expect(op.sources.convs[c]!.kernel.map((ref) => textAt(text, ref.range))).toEqual(conv.kernel.map(String));
                    expect(textAt(text, op.sources.convs[c]!.groups.range)).toBe(String(conv.groups));
                });
            }
        }
    });

    test('rejects a probability outside [0, 1]', () => {
        const { space } = all[0]!;
        const arch = sampleArchitecture(space, new Random(1));
        expect(() => perturbArchitecture(space, arch, new Random(1), 1.5)).toThrow(/probability/);
    });
});
