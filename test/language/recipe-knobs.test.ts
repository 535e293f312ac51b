/**
 * The knobs by which a search departs from the paper's recipe (stem stride, learning-rate warm-up
 * and floor, the BN statistics of scoring): they parse, check, compile to the engine's space,
 * default to the measured best or the paper's value, and hover explains them.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { findKnob } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';
import { BASE, diagnose, expectIssue, variant } from './validation-helpers.js';

const services = createSmashServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Smash);

const RECIPE = variant([
    ['stem { kernel 3 width 16 }', 'stem { kernel 3 width 16 stride 2 }'],
    ['train { epochs 1 batch 32 }', 'train { epochs 1 batch 32 schedule cosine to 10% warmup 5% }'],
    ['search { random 10 perturb 2 hillclimb 2 }', 'search { random 10 perturb 2 hillclimb 2 norm recalibrate 3 }'],
    ['retrain { top 2 epochs 1 }', 'retrain { top 2 epochs 1 warmup 2% schedule constant }'],
]);

async function compiled(text: string) {
    const document = await parse(text, { validation: true });
    expect(document.diagnostics?.filter((d) => d.severity === 1).map((d) => d.message)).toEqual([]);
    return compileSpace(document.parseResult.value.space!);
}

describe('recipe knobs', () => {
    test('compile to the engine space', async () => {
        const space = await compiled(RECIPE);
        expect(space.stem.stride).toBe(2);
        // 28 x 28 through a stride-2 stem: 14 x 14, then 7 x 7 after the transition.
        expect(space.blocks.map((b) => b.resolution)).toEqual([[14, 14], [7, 7]]);
        expect(space.train).toMatchObject({ schedule: 'cosine', warmup: 0.05, lrFloor: 0.1 });
        expect(space.retrain).toMatchObject({ schedule: 'constant', warmup: 0.02 });
        expect(space.search.norm).toEqual({ kind: 'recalibrate', batches: 3 });
    });

    test.each([
        ['norm running', { kind: 'running' }],
        ['norm batch', { kind: 'batch' }],
        ['norm recalibrate', { kind: 'recalibrate', batches: 5 }],
    ])('`%s` compiles to %j', async (text, norm) => {
        const space = await compiled(variant([['hillclimb 2 }', `hillclimb 2 ${text} }`]]));
        expect(space.search.norm).toEqual(norm);
    });

    test('a written `schedule cosine` anneals to 0 as the paper; left out, to the default floor', async () => {
        const written = await compiled(variant([['train { epochs 1 batch 32 }', 'train { epochs 1 batch 32 schedule cosine }']]));
        expect(written.train).toMatchObject({ schedule: 'cosine', lrFloor: 0 });
        expect((await compiled(BASE)).train).toMatchObject({ schedule: 'cosine', lrFloor: 0.1 });
    });

    test("left out: the paper's stem stride, the measured defaults of the schedule and scoring", async () => {
        const space = await compiled(BASE);
        expect(space.stem.stride).toBe(1);
        expect(space.blocks[0]!.resolution).toEqual([28, 28]);
        expect(space.train).toMatchObject({ warmup: 0.05, lrFloor: 0.1 });
        expect(space.search.norm).toEqual({ kind: 'running' });
        for (const [section, keyword] of [['train', 'warmup'], ['search', 'norm'], ['stem', 'stride']] as const) {
            expect(findKnob(section, keyword)?.doc).toMatch(/paper/);
        }
    });

    test.each([
        ['stem stride 0', [['width 16 }', 'width 16 stride 0 }']], { text: '0', after: 'stride ' }, 'smash/out-of-range'],
        ['a fractional stride', [['width 16 }', 'width 16 stride 1.5 }']], '1.5', 'smash/not-integer'],
        ['warm-up beyond 100%', [['batch 32 }', 'batch 32 warmup 150% }']], '150', 'smash/out-of-range'],
        ['a floor beyond 100%', [['batch 32 }', 'batch 32 schedule cosine to 120% }']], '120', 'smash/out-of-range'],
        ['recalibration on no batches', [['hillclimb 2 }', 'hillclimb 2 norm recalibrate 0 }']], { text: '0', after: 'recalibrate ' }, 'smash/out-of-range'],
    ] as const)('%s is an error on the value', async (_name, edits, at, code) => {
        await expectIssue(variant(edits.map(([a, b]) => [a, b] as [string, string])), code, at);
    });

    test('a stride that leaves a block too small is reported as for the input', async () => {
        const { issues } = await diagnose(variant([['width 16 }', 'width 16 stride 16 }']]));
        expect(issues.some((i) => i.code === 'smash/resolution-too-small' || i.code === 'smash/kernel-too-large')).toBe(true);
    });

    test('hover explains each knob with its default', async () => {
        const document = await parse(RECIPE, { validation: true });
        for (const [marker, section, keyword] of [['stride', 'stem', 'stride'], ['warmup', 'train', 'warmup'], ['norm', 'search', 'norm']] as const) {
            const offset = RECIPE.indexOf(marker) + 1;
            const result = await services.Smash.lsp.HoverProvider!.getHoverContent(document, {
                textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset),
            });
            const text = (result?.contents as { value: string } | undefined)?.value ?? '';
            expect(text).toContain(findKnob(section, keyword)!.doc.slice(0, 40));
            expect(text).toContain(findKnob(section, keyword)!.default!);
        }
    });
});
