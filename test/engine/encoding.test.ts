import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Architecture, OpArchitecture } from '../../src/engine/space/architecture.js';
import { validateArchitecture } from '../../src/engine/space/architecture-validate.js';
import {
    encodeArchitecture, encodingLayout, generatedColumns, hypernetOutputChannels, oneByOneIndex, opWeightIndices, type Encoding,
} from '../../src/engine/space/encoding.js';
import { Random } from '../../src/engine/random.js';
import { sampleArchitecture } from '../../src/engine/space/sampler.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import { tf } from '../../src/engine/backend/tf.js';
import { compileText, fixtures, HAND_ARCH, HAND_TEXT, type Fixture } from './arch-fixtures.js';

let all: Fixture[];
let hand: SearchSpace;
beforeAll(async () => {
    all = await fixtures();
    hand = await compileText(HAND_TEXT);
});

const value = (e: Encoding, channel: number, row: number, column: number): number =>
    e.data[(channel * e.shape[1] + row) * e.shape[2] + column]!;

describe('encoding layout', () => {
    test('channel counts follow the value sets (spec: 91 single conv, 143 variable op, 54 tiny)', () => {
        const v2 = all.find((f) => f.name === 'smash-v2-cifar10')!.space;
        expect(encodingLayout(v2).channels).toBe(143);
        const single = structuredClone(v2);
        single.ops.v2!.structures = [{ value: [1], weight: 1, at: v2.at }];
        const layout = encodingLayout(single);
        expect(layout).toMatchObject({ channels: 91, rows: 8, read: 0, write: 32, block: 64, width: 67, convs: 75, slotSize: 16, flags: undefined });
        expect(encodingLayout(all.find((f) => f.name === 'spec-tiny')!.space).channels).toBe(54);
        expect(encodingLayout(all.find((f) => f.name === 'fashion-tiny')!.space).channels).toBe(82);
    });
});

describe('encodeArchitecture', () => {
    test('a hand-built op sets exactly the fields of the spec', () => {
        const arch = validateArchitecture(hand, HAND_ARCH);
        const e = encodeArchitecture(hand, arch);
        expect(e.shape).toEqual([48, 4, 4]);
        expect([...e.data].filter((v) => v === 1).length).toBe(9 * 8 + 3 * 4);
        for (let row = 0; row < 3; row++) {
            expect([0, 1, 2].map((col) => [value(e, 0, row, col), value(e, 1, row, col)])).toEqual([[1, -1], [1, 1], [-1, 1]]);
            for (const channel of [14 + 2, 28, 29 + 2, 33 + 1, 36 + 0, 39 + 0, 42 + 1, 45 + 1]) {
                expect([0, 1, 2].map((col) => value(e, channel, row, col))).toEqual([1, 1, 1]);
            }
        }
        for (let c = 0; c < 48; c++) {
            expect(value(e, c, 3, 0)).toBe(-1);
            for (let row = 0; row < 4; row++) expect(value(e, c, row, 3)).toBe(-1);
        }
    });

    test('legacy encoding puts groups one channel low', () => {
        const legacy = structuredClone(hand);
        legacy.hypernet.legacyEncoding = true;
        const arch = validateArchitecture(legacy, HAND_ARCH);
        const two = encodeArchitecture(legacy, arch);
        expect([value(two, 45, 0, 0), value(two, 46, 0, 0)]).toEqual([1, -1]);
        arch.blocks[0]!.ops[0]!.convs[0]!.groups = 1;
        const one = encodeArchitecture(legacy, arch);
        expect([value(one, 44, 0, 0), value(one, 45, 0, 0)]).toEqual([1, -1]);
    });

    test('structure flags mark active slots, and carry nothing in legacy mode', () => {
        const v2 = all.find((f) => f.name === 'smash-v2-cifar10')!.space;
        const layout = encodingLayout(v2);
        const legacy = structuredClone(v2);
        legacy.hypernet.legacyEncoding = true;
        for (let seed = 0; seed < 5; seed++) {
            const arch = sampleArchitecture(v2, new Random(seed));
            const e = encodeArchitecture(v2, arch);
            const old = encodeArchitecture(legacy, arch);
            for (const op of arch.blocks.flatMap((b) => b.ops)) {
                const active = [0, 1, 2, 3].map((slot) => (op.structure[Math.floor(slot / 2)] ?? 0) > slot % 2 ? 1 : -1);
                expect([0, 1, 2, 3].map((slot) => value(e, layout.flags! + slot, 0, op.sliceStart))).toEqual(active);
                expect([0, 1, 2, 3].map((slot) => value(old, layout.flags! + slot, 0, op.sliceStart))).toEqual([-1, -1, -1, -1]);
            }
        }
    });

    test('sampled architectures: ±1 code, fields only inside each op, reads and writes as sampled', () => {
        for (const { space } of all) {
            const layout = encodingLayout(space);
            for (let seed = 0; seed < 10; seed++) {
                const arch = sampleArchitecture(space, new Random(seed));
                const e = encodeArchitecture(space, arch);
                const ops = arch.blocks.flatMap((b) => b.ops.map((op) => ({ op, bs: b.bankSize })));
                const used = ops.reduce((s, { op }) => s + op.nIn / (space.unit * space.slice), 0);
                expect(e.shape).toEqual([layout.channels, layout.rows, used + 1]);
                expect(e.data.every((v) => v === 1 || v === -1)).toBe(true);
                const lastColumn = Array.from({ length: layout.channels * layout.rows }, (_, i) => e.data[i * e.shape[2] + used]);
                expect(lastColumn.every((v) => v === -1)).toBe(true);
                expect(arch.blocks.flatMap((block, b) => block.ops.flatMap((op) => opProblems(space, e, layout, op, b)))).toEqual([]);
            }
        }
    });
});

/** What is wrong with one op's cells (element-wise expects would take seconds). */
function opProblems(space: SearchSpace, e: Encoding, layout: ReturnType<typeof encodingLayout>, op: OpArchitecture, block: number): string[] {
    const bad: string[] = [];
    const banks = Array.from({ length: layout.banks }, (_, bank) => bank);
    const cols = op.nIn / (space.unit * space.slice);
    const bankChannels = op.nIn / op.reads.length;
    const readBits = new Set<number>();
    for (let t = 0; t < cols; t++) {
        const col = op.sliceStart + t;
        const reads = banks.filter((bank) => value(e, layout.read + bank, 0, col) === 1);
        // A slice of D·N channels touches ceil(D·N / bank width) banks, one more when it starts inside a bank.
        const expected = new Set<number>();
        for (let ch = t * space.slice * space.unit; ch < (t + 1) * space.slice * space.unit; ch++) expected.add(op.reads[Math.floor(ch / bankChannels)]!);
        if (JSON.stringify(reads) !== JSON.stringify([...expected].sort((a, b) => a - b))) bad.push(`column ${col}: read bits ${reads}`);
        reads.forEach((bank) => readBits.add(bank));
        const writes = banks.filter((bank) => value(e, layout.write + bank, op.width - 1, col) === 1);
        if (JSON.stringify(writes) !== JSON.stringify(op.writes.map((w) => w.bank))) bad.push(`column ${col}: write bits ${writes}`);
        if (value(e, layout.block + block, 0, col) !== 1) bad.push(`column ${col}: block bit`);
        if (value(e, layout.width + op.width - 1, 0, col) !== 1) bad.push(`column ${col}: G bit`);
        for (let row = op.width; row < layout.rows; row++) {
            for (let c = 0; c < layout.channels; c++) if (value(e, c, row, col) !== -1) bad.push(`row ${row} column ${col} channel ${c} is set`);
        }
    }
    if (JSON.stringify([...readBits].sort((a, b) => a - b)) !== JSON.stringify(op.reads)) bad.push(`read bits ${[...readBits]} != reads ${op.reads}`);
    return bad;
}

describe('HyperNet output -> 1x1 weights (spec §4.4)', () => {
    const tinySpace = (n: number, d: number, k: number, m: number): SearchSpace => {
        const space = structuredClone(all.find((f) => f.name === 'spec-tiny')!.space);
        Object.assign(space, { unit: n, slice: d, maxWidth: k * n });
        space.hypernet.multiplier = m;
        return space;
    };

    test('the released code\'s formula for multiplier 1', () => {
        const space = tinySpace(8, 2, 8, 1);
        expect(hypernetOutputChannels(space)).toBe(128);
        for (const [b, a, s] of [[0, 0, 0], [17, 3, 5], [127, 7, 352], [16, 0, 1]] as const) {
            expect(oneByOneIndex(space, b, a, s)).toEqual({ row: 16 * s + (b % 16), column: 8 * a + Math.floor(b / 16) });
        }
    });

    test('matches the tf reshape/transpose recipe element by element, and opWeightIndices gathers it', () => {
        fc.assert(fc.property(
            fc.constantFrom(1, 2, 4), fc.constantFrom(1, 2, 3), fc.integer({ min: 1, max: 3 }), fc.constantFrom(1, 2, 4), fc.integer({ min: 1, max: 4 }),
            (n, d, k, m, columns) => {
                const space = tinySpace(n, d, k, m);
                const channels = hypernetOutputChannels(space);
                const size = channels * k * columns;
                const flat = Array.from({ length: size }, (_, i) => i);
                const w = tf.tidy(() => tf.tensor3d(flat, [channels, k, columns], 'int32')
                    .reshape([m, n, d * n, k, columns]).transpose([4, 2, 0, 3, 1]).reshape([columns * d * n, m * k * n]).arraySync() as number[][]);
                const seen = new Set<number>();
                for (let i = 0; i < size; i++) {
                    const { row, column } = oneByOneIndex(space, Math.floor(i / (k * columns)), Math.floor(i / columns) % k, i % columns);
                    expect(w[row]![column]).toBe(i);
                    seen.add(row * m * k * n + column);
                }
                expect(seen.size).toBe(size);
                const rows = columns * d * n;
                const rowStart = Math.floor(rows / 3);
                const op = { family: 'conv', nIn: rows - rowStart, nB: m * k * n, rowStart } as OpArchitecture;
                const idx = opWeightIndices(space, op, columns);
                for (let r = 0; r < op.nIn; r++) for (let c = 0; c < op.nB; c++) expect(idx[r * op.nB + c]).toBe(w[rowStart + r]![c]);
            },
        ), { numRuns: 40, seed: 2 });
    });

    test('the generator caps the 1x1 at multiplier·N_max unless told not to', () => {
        const space = tinySpace(4, 2, 4, 1);
        const op = { family: 'conv', nIn: 32, nB: 48, rowStart: 0 } as OpArchitecture;
        expect(generatedColumns(space, op)).toBe(16);
        expect(() => generatedColumns(space, op, false)).toThrow(/raise the hypernet multiplier to 3/);
        space.hypernet.multiplier = 4;
        expect(generatedColumns(space, op, false)).toBe(48);
    });

    test('every op of a sampled architecture gathers inside the HyperNet output', () => {
        const { space } = all.find((f) => f.name === 'smash-v2-cifar10')!;
        const arch: Architecture = sampleArchitecture(space, new Random(9));
        const columns = encodeArchitecture(space, arch).shape[2];
        const size = hypernetOutputChannels(space) * encodingLayout(space).rows * columns;
        const hits = new Uint8Array(size);
        let outside = 0;
        let total = 0;
        for (const op of arch.blocks.flatMap((b) => b.ops)) {
            for (const i of opWeightIndices(space, op, columns)) {
                if (i >= size) outside++;
                else hits[i]!++;
                total++;
            }
        }
        expect(outside).toBe(0);
        expect(hits.reduce((n, h) => n + (h > 0 ? 1 : 0), 0)).toBe(total);
    });
});
