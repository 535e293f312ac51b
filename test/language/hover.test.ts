import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { expectHover, parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { estimateSpaceStats } from '../../src/engine/space/space-stats.js';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { compact } from '../../src/language/smash-hover-content.js';
import { findKnob } from '../../src/language/smash-knobs.js';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const Smash = services.Smash;
const hover = expectHover(Smash);
const validated = { validation: true };
const tiny = readFileSync('examples/fashion-tiny.smash', 'utf8');

/** The hover text at the first occurrence of `marker` in the example (the cursor goes after `at` characters of it). */
async function hoverInTiny(marker: string, at = 1): Promise<string> {
    const offset = tiny.indexOf(marker) + at;
    expect(tiny.indexOf(marker)).toBeGreaterThanOrEqual(0);
    const document = await parseHelper<Model>(Smash)(tiny, validated);
    const result = await Smash.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset),
    });
    return (result?.contents as { value: string } | undefined)?.value ?? '';
}

describe('knob documentation', () => {
    test.each([
        ['depth 1 .. 2\n        kernel', 'op', 'kernel'],
        ['stem { kernel', 'stem', 'kernel'],
        ['unit 4', 'space', 'unit'],
        ['pool avg', 'transition', 'pool'],
        ['bankSize {1', 'block', 'bankSize'],
        ['train 10000', 'data', 'train'],
        ['weightDecay', 'train', 'weightDecay'],
    ] as const)('hover on %j shows the %s knob %s', async (marker, section, keyword) => {
        const knob = findKnob(section, keyword)!;
        const text = await hoverInTiny(marker, marker.lastIndexOf(keyword) + 1);
        expect(text).toContain(`**${keyword}**`);
        expect(text).toContain(knob.doc);
        if (knob.default) expect(text).toContain(`Default: \`${knob.default}\``);
    });

    test('a value word shows the knob it is a value of', async () => {
        await hover({
            text: 'space S { op o { activation re<|>lu } hypernet { st<|>em 7 } }',
            index: 0,
            hover: new RegExp(escape(findKnob('op', 'activation')!.doc)),
            disposeAfterCheck: true,
        });
        await hover({
            text: 'space S { op o { activation relu } hypernet { st<|>em 7 } }',
            index: 0,
            hover: new RegExp(escape(findKnob('hypernet', 'stem')!.doc)),
            disposeAfterCheck: true,
        });
    });

    test('`none` shows the augment knob of its section', async () => {
        for (const section of ['train', 'retrain'] as const) {
            const doc = findKnob(section, 'augment')!.doc;
            expect(doc).toContain('`none`');
            await hover({
                text: `space S { ${section} { augment no<|>ne } }`,
                index: 0,
                hover: new RegExp(escape(doc)),
                disposeAfterCheck: true,
            });
        }
    });

    test('structural words without a knob of their own have no hover', async () => {
        await hover({ text: 'space S { input 28 <|>x 28 x 1 }', index: 0, hover: undefined, disposeAfterCheck: true });
    });
});

describe('derived numbers', () => {
    async function expected() {
        const document = await parseHelper<Model>(Smash)(tiny);
        const space = compileSpace(document.parseResult.value.space!);
        return { space, stats: estimateSpaceStats(space) };
    }

    test('the space name shows the size of the space, costs and shapes', async () => {
        const { stats } = await expected();
        const text = await hoverInTiny('FashionTiny');
        expect(text).toContain('**space** `FashionTiny`');
        expect(text).toContain(`≈ 10^${stats.log10Architectures.toFixed(1)}`);
        expect(text).toContain(`| Parameters (retrained) | ${compact(stats.params.min)} – ${compact(stats.params.max)}`);
        expect(text).toContain(`| Encoding c | [${stats.encodingShape.join(', ')}] |`);
        expect(text).toContain(`| HyperNet output | [${stats.hypernetOutputShape.join(', ')}] |`);
        expect(text).toContain('| Blocks | b1 14×14, b2 7×7 |');
    });

    test('a block shows its resolution, input channels and budget in slices', async () => {
        const { stats } = await expected();
        const text = await hoverInTiny('block b2', 7);
        expect(text).toContain('**block** `b2`');
        expect(text).toContain('| Resolution | 7 × 7 |');
        expect(text).toContain('| Input channels | 24 |');
        expect(text).toContain(`| Full 1x1 budget | ${24 + 4 * 14 * 4} channels = ${stats.slicesPerBlock[1]} slices of D·N = 8 |`);
    });

    test('an op family, hovered where a block uses it, shows its doc comment and choices', async () => {
        const text = await hoverInTiny('ops basic, wide', 12);
        expect(text).toContain('**op** `wide`');
        expect(text).toContain('A single undilated 3x3 conv behind a wide 1x1.');
        expect(text).toContain('| Kernel (h × w) | 3 × 3 |');
        expect(text).toContain('| Dilation | 1, capped per kernel size (3: d ≤ 3) |');
        expect(text).toContain('| Used by | b1 |');
        expect(text).toContain("| Output width | a multiple of the block's bank size, at most N_max = 16 channels |");
    });

    test('numbers are withheld while the document has errors', async () => {
        await hover({
            text: 'space S { block b<|>1 { ops missing } }',
            index: 0,
            hover: /unavailable until the error in this file is fixed/,
            parseOptions: validated,
            disposeAfterCheck: true,
        });
    });

    test('numbers wait for validation', async () => {
        await hover({ text: 'space <|>S { }', index: 0, hover: /once the document has been checked/, disposeAfterCheck: true });
    });

    test('a second hover on the same version is answered from the cache', async () => {
        // The largest example: compiling it and sampling its statistics takes tens of milliseconds.
        const text = readFileSync('examples/smash-v2-cifar10.smash', 'utf8');
        const document = await parseHelper<Model>(Smash)(text, validated);
        const position = document.textDocument.positionAt(text.indexOf('SmashV2Cifar10') + 1);
        const params = { textDocument: { uri: document.uri.toString() }, position };
        const first = await Smash.lsp.HoverProvider!.getHoverContent(document, params);
        const start = performance.now();
        const second = await Smash.lsp.HoverProvider!.getHoverContent(document, params);
        expect(performance.now() - start).toBeLessThan(15);
        expect(second).toEqual(first);
        expect(JSON.stringify(second)).toContain('Architectures');
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
