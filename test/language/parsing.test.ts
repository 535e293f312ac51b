import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { createSmashServices } from '../../src/language/smash-module.js';

const services = createSmashServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Smash);
const examples = readdirSync('examples').filter((f) => f.endsWith('.smash'));

describe('examples', () => {
    test.each(examples)('%s parses and links without errors', async (file) => {
        const document = await parse(readFileSync(join('examples', file), 'utf8'), { validation: true });
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors.map((e) => e.message)).toEqual([]);
        const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1);
        expect(errors.map((d) => d.message)).toEqual([]);
        expect(document.parseResult.value.space).toBeDefined();
    });
});

describe('compiler', () => {
    test('fills defaults and keeps the source of each value', async () => {
        const text = readFileSync('examples/fashion-tiny.smash', 'utf8');
        const document = await parse(text);
        const space = compileSpace(document.parseResult.value.space!);
        expect(space.blocks.map((b) => [b.name, b.inChannels, b.resolution])).toEqual([
            ['b1', 16, [14, 14]], ['b2', 24, [7, 7]],
        ]);
        expect(space.blocks[0]!.budget).toMatchObject({ min: 0.3, max: 1, total: 16 + 4 * 12 * 4, anneal: { start: 0.5, over: 0.5 } });
        const five = space.ops.basic!.kernelHeight.find((c) => c.value === 5)!;
        const lines = text.split('\n');
        const { start, end } = five.at.range;
        expect(lines[start.line]!.slice(start.character, end.character)).toBe('5');
        expect(space.ops.basic!.structures.map((s) => s.value)).toEqual([[1], [2], [1, 1], [2, 1], [2, 2]]);
        expect(space.ops.wide!.bottleneck.map((c) => c.value)).toEqual([4]);
        expect(space.hypernet).toMatchObject({ growth: 10, stages: [4, 4, 2], stem: 7, multiplier: 1, legacyEncoding: false });
        expect(space.train.optimizer).toEqual({ kind: 'adam', lr: 1e-2, beta1: 0.5, beta2: 0.999, eps: 1e-4 });
        expect(space.retrain.optimizer).toEqual({ kind: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true });
        // `augment none` in train; retrain inherits it.
        expect(space.train.augment).toEqual({ crop: 0, flip: false });
        expect(space.retrain).toMatchObject({ batch: 32, augment: { crop: 0, flip: false } });
        expect(JSON.parse(JSON.stringify(space))).toEqual(space);
    });

    test('`augment none` turns augmentation off; retraining takes train\'s unless it writes its own', async () => {
        const augments = async (members: string) => {
            const document = await parse(`space S { unit 4 maxWidth 16 block b { } ${members} }`);
            const { train, retrain } = compileSpace(document.parseResult.value.space!);
            return [train.augment, retrain.augment];
        };
        const off = { crop: 0, flip: false };
        expect(await augments('train { augment none }')).toEqual([off, off]);
        expect(await augments('train { augment none } retrain { augment crop 2 }')).toEqual([off, { crop: 2, flip: false }]);
        expect(await augments('train { augment crop 2, flip } retrain { augment none }')).toEqual([{ crop: 2, flip: true }, off]);
        expect(await augments('retrain { augment none }')).toEqual([{ crop: 4, flip: true }, off]);
        expect(await augments('data mnist { path "m" } train { epochs 1 }')).toEqual([{ crop: 4, flip: false }, { crop: 4, flip: false }]);
    });
});
