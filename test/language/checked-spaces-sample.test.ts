/**
 * What `smash check` accepts, a search can run: random spaces over the knobs that decide what the
 * sampler can draw and what shapes the networks have (dataset, unit, maxWidth, slice, stem stride,
 * blocks, input widths, bank sizes, maxBanks, budgets, op reads, writes, groups, bottlenecks,
 * structures, kernels, dilations, activations, head grid) either get an error from the checker or compile to a space whose
 * architectures sample at every training progress, perturb, validate and encode for the HyperNet.
 * A space that checks clean and then stops a search with a sampler error is a checker bug. The
 * first few also build both networks and classify a batch.
 */
import fc from 'fast-check';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { bankSizeProblem } from '../../src/engine/space/architecture-rules.js';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import { encodeArchitecture } from '../../src/engine/space/encoding.js';
import { perturbArchitecture } from '../../src/engine/space/perturb.js';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { tf } from '../../src/engine/backend/tf.js';
import { DerivedNet } from '../../src/engine/model/derived-net.js';
import { SmashModel } from '../../src/engine/model/smash-model.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { collectFacts, drawableBankSizes } from '../../src/language/smash-validator-facts.js';
import { diagnose, services } from './validation-helpers.js';

const parse = parseHelper<Model>(services.Smash);

const range = (lo: number, hi: number): string => `${Math.min(lo, hi)} .. ${Math.max(lo, hi)}`;
const fractions = ([a, b]: [number, number]): string => `${(Math.min(a, b) / 10).toFixed(1)} .. ${(Math.max(a, b) / 10).toFixed(1)}`;
const set = (values: number[]): string => `{${[...new Set(values)].sort((a, b) => a - b).join(', ')}}`;

const spaceText = fc.record({
    unit: fc.constantFrom(1, 2, 4, 8),
    k: fc.integer({ min: 1, max: 6 }),
    slice: fc.integer({ min: 1, max: 4 }),
    stemExtra: fc.integer({ min: 0, max: 6 }),
    transitionExtra: fc.integer({ min: 0, max: 8 }),
    sizesA: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
    sizesB: fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 })),
    maxBanksA: fc.integer({ min: 4, max: 40 }),
    maxBanksB: fc.integer({ min: 4, max: 40 }),
    budgetA: fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 })),
    budgetB: fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 })),
    reads: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })),
    writes: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    groups: fc.array(fc.constantFrom(1, 2, 4, 8), { minLength: 1, maxLength: 3 }),
    bottleneck: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    depth: fc.integer({ min: 1, max: 2 }),
    cifar: fc.boolean(),
    stride: fc.constantFrom(1, 2),
    thirdBlock: fc.boolean(),
    grid: fc.constantFrom(1, 1, 2, 3, 7),
    kernels: fc.array(fc.constantFrom(3, 5, 7), { minLength: 1, maxLength: 3 }),
    dilations: fc.array(fc.constantFrom(1, 2, 3), { minLength: 1, maxLength: 3 }),
    widthKernels: fc.option(fc.array(fc.constantFrom(1, 3, 5), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    structure: fc.constantFrom('single', 'variable', 'big', 'long', '(2, 1)', '{(1): 1, (1, 1): 3}'),
    receptiveField: fc.constantFrom(5, 7, 9),
    weight: fc.integer({ min: 1, max: 9 }),
    activations: fc.array(fc.constantFrom('relu', 'tanh', 'sigmoid'), { minLength: 1, maxLength: 3 }),
}).map((p) => {
    // Mostly sizes the block can hold, sometimes one too wide; groups mostly dividing the unit;
    // always a kernel and a dilation that fit the smallest maps, so that some spaces check clean.
    const size = (s: number): number => (s === 7 ? p.k + 1 : ((s - 1) % p.k) + 1);
    const groups = p.groups.filter((g) => p.unit % g === 0);
    const third = p.thirdBlock ? `
    transition { width ${p.unit * (p.k + p.transitionExtra)} pool max }
    block c { maxBanks ${p.maxBanksB} ops picky }` : '';
    return `space P {
    ${p.cifar ? 'data cifar10 { path "cifar" }' : ''}
    unit ${p.unit}
    maxWidth ${p.unit * p.k}
    slice ${p.slice}
    stem { kernel 3 width ${p.unit * (p.k + p.stemExtra)} stride ${p.stride} }
    block a {
        bankSize ${set(p.sizesA.map(size))}
        maxBanks ${p.maxBanksA}
        budget ${fractions(p.budgetA)} anneal 50%
        ops plain
    }
    transition { width ${p.unit * (p.k + p.transitionExtra)} pool avg }
    block b {
        bankSize ${range(size(p.sizesB[0]), size(p.sizesB[1]))}
        maxBanks ${p.maxBanksB}
        budget ${fractions(p.budgetB)}
        ops plain: 0.${p.weight}, picky: 0.5
    }${third}
    head { grid ${p.grid} }
    op plain { kernel {3} groups ${set(groups.length > 0 ? groups : p.groups)} bottleneck ${range(...p.bottleneck)} depth 1 .. ${p.depth} }
    op picky {
        structure ${p.structure}
        kernel ${set([3, ...p.kernels])}${p.widthKernels ? ` x ${set([3, ...p.widthKernels])}` : ''}
        dilation ${set([1, ...p.dilations])}
        receptiveField ${p.receptiveField}
        activation {${[...new Set(p.activations)].join(', ')}}
        reads ${range(...p.reads)}
        writes ${range(...p.writes)}
    }
}`;
});

describe('a space the checker accepts samples', () => {
    test('random spaces: an error from the checker, or architectures at every training progress', async () => {
        let clean = 0;
        await fc.assert(fc.asyncProperty(spaceText, async (text) => {
            const { issues } = await diagnose(text);
            if (issues.some((i) => i.severity === 1)) return;
            clean++;
            const ast = (await parse(text)).parseResult.value.space!;
            const space = compileSpace(ast);
            // Neither stricter nor looser: the sizes the checker reasons about are the ones drawn.
            const facts = collectFacts(ast);
            space.blocks.forEach((block, b) => {
                const engine = block.bankSizes.map((c) => c.value).filter((bs) => bankSizeProblem(space, block, bs) === undefined);
                expect(drawableBankSizes(facts, facts.blocks[b]!).sort((x, y) => x - y), text).toEqual(engine.sort((x, y) => x - y));
            });
            for (const [i, progress] of [0, 0.3, 0.6, 1].entries()) {
                for (let s = 0; s < 5; s++) {
                    let arch;
                    try {
                        arch = sampleArchitecture(space, new Random(`checked:${i}:${s}`), progress);
                    } catch (error) {
                        throw new Error(`checks clean but does not sample at progress ${progress}: ${(error as Error).message}\n${text}`);
                    }
                    validateArchitecture(space, JSON.parse(JSON.stringify(arch)));
                    encodeArchitecture(space, arch);
                    // The search's perturb and hill-climb stages, at a high rate to touch every field.
                    const perturbed = perturbArchitecture(space, arch, new Random(`perturbed:${i}:${s}`), 0.5);
                    validateArchitecture(space, JSON.parse(JSON.stringify(perturbed)));
                    encodeArchitecture(space, perturbed);
                }
            }
        }), { numRuns: 300, seed: 20261205 });
        // The property says nothing if the checker rejects every space drawn (38 of 300 check clean).
        expect(clean).toBeGreaterThan(25);
    }, 120_000);

    test('the first 20 clean spaces of another draw build a SMASH network and a derived network that classify', async () => {
        await selectBackend('wasm');
        let built = 0;
        for (const text of fc.sample(spaceText, { numRuns: 300, seed: 7 })) {
            if (built === 20) break;
            if ((await diagnose(text)).issues.some((i) => i.severity === 1)) continue;
            const space = compileSpace((await parse(text)).parseResult.value.space!);
            const { height, width, channels } = space.input;
            const model = new SmashModel(space, 1);
            for (let s = 0; s < 2; s++) {
                const arch = sampleArchitecture(space, new Random(`built:${s}`));
                const derived = new DerivedNet(space, arch, new Random(`built:${s}:init`));
                const [smash, retrained] = tf.tidy(() => {
                    // x: [2, H, W, C] -> logits [2, classes]
                    const x = tf.tensor4d(Float32Array.from({ length: 2 * height * width * channels }, (_, i) => Math.sin(0.37 * i)), [2, height, width, channels]);
                    return [model.logits(arch, x, { training: true }, new Random('z')), derived.forward(x, true)];
                });
                for (const logits of [smash, retrained]) {
                    expect(logits.shape, text).toEqual([2, space.classes]);
                    expect(Array.from(logits.dataSync()).every(Number.isFinite), text).toBe(true);
                }
                tf.dispose([smash, retrained, ...derived.parameters().map((p) => p.variable), ...Object.values(derived.statistics())]);
            }
            tf.dispose([...model.parameters().map((p) => p.variable), ...Object.values(model.net.statistics())]);
            built++;
        }
        expect(built).toBe(20);
    }, 120_000);
});

