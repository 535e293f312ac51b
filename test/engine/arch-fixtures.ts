/** Search spaces for the architecture tests: the two examples and the spec's tiny config (§2.8), compiled from .smash text. */
import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import type { Architecture } from '../../src/engine/space/architecture.js';
import type { SearchSpace } from '../../src/engine/space/space.js';
import type { Model } from '../../src/language/generated/ast.js';
import { compileSpace } from '../../src/language/smash-compiler.js';
import { createSmashServices } from '../../src/language/smash-module.js';

const parse = parseHelper<Model>(createSmashServices(EmptyFileSystem).Smash);

export async function compileText(text: string): Promise<SearchSpace> {
    const document = await parse(text);
    const errors = [...document.parseResult.lexerErrors, ...document.parseResult.parserErrors];
    if (errors.length > 0) throw new Error(`parse errors: ${errors.map((e) => e.message).join('; ')}`);
    return compileSpace(document.parseResult.value.space!);
}

export interface Fixture {
    name: string;
    text: string;
    space: SearchSpace;
}

/** N = 4, N_max = 16, D = 2, in_channels [16, 24, 24], widths [48, 56, 64], budgets [80, 152, 280] (spec §2.8). */
export const TINY_TEXT = `space Tiny {
    unit 4
    maxWidth 16
    slice 2
    stem { kernel 3 width 16 }
    block b1 { bankSize 1 .. 4  maxBanks 12  budget 0.3 .. 1.0 of 80 anneal from 0.5 over 50%  ops conv }
    transition { width 24 }
    block b2 { bankSize 1 .. 4  maxBanks 14  budget 0.3 .. 1.0 of 152 anneal from 0.5 over 50%  ops conv }
    transition { width 24 }
    block b3 { bankSize 1 .. 4  maxBanks 16  budget 0.3 .. 1.0 of 280 anneal from 0.5 over 50%  ops conv }
    op conv { kernel {3, 5, 7} dilation {1, 2, 3} groups {1, 2, 4} bottleneck 1 .. 4 }
}
`;

/** One block, bank size 3 (12 channels) over slices of 8 channels: slice 1 straddles banks 0 and 1. */
export const HAND_TEXT = `space Hand {
    unit 4
    maxWidth 16
    slice 2
    stem { kernel 3 width 24 }
    block b1 { bankSize 3  maxBanks 14  budget 48 channels  ops conv }
    op conv { kernel {3, 5, 7} dilation {1, 2, 3} groups {1, 2, 4} bottleneck 1 .. 4 }
}`;

export const HAND_ARCH = {
    version: 1,
    blocks: [{
        bankSize: 3, numBanks: 4, initialBanks: 2, budgetFraction: 1, budgetSlices: 6,
        ops: [{
            family: 'conv', reads: [0, 1], width: 3, writes: [{ bank: 2, chunk: 0 }], structure: [1],
            convs: [{ kernel: [3, 5], dilation: [2, 1], groups: 2, activation: 'relu' }],
            bottleneck: 2, nIn: 24, nB: 24, sliceStart: 0, rowStart: 0,
        }],
    }],
};

export async function fixtures(): Promise<Fixture[]> {
    const out: Fixture[] = [];
    for (const file of ['fashion-tiny', 'smash-v2-cifar10']) {
        const text = readFileSync(`examples/${file}.smash`, 'utf8');
        out.push({ name: file, text, space: await compileText(text) });
    }
    out.push({ name: 'spec-tiny', text: TINY_TEXT, space: await compileText(TINY_TEXT) });
    return out;
}

/** The text a source range covers, for checking that sources point at the right value. */
export function textAt(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
    const lines = text.split('\n');
    if (range.start.line === range.end.line) return lines[range.start.line]!.slice(range.start.character, range.end.character);
    return [
        lines[range.start.line]!.slice(range.start.character),
        ...lines.slice(range.start.line + 1, range.end.line),
        lines[range.end.line]!.slice(0, range.end.character),
    ].join('\n');
}

/**
 * Structural invariants, checked independently of the engine's own rules (no prefix assumption:
 * the written banks are tracked as a set). Returns the violations found.
 */
export function invariantViolations(space: SearchSpace, arch: Architecture): string[] {
    const bad: string[] = [];
    const N = space.unit;
    const D = space.slice;
    let column = 0;
    arch.blocks.forEach((block, i) => {
        const spec = space.blocks[i]!;
        const bs = block.bankSize;
        const where = `block ${i}`;
        if (bs * N > spec.inChannels || bs * N > space.maxWidth) bad.push(`${where}: bank size ${bs} too wide`);
        if (bs % 2 === 1 && D === 2 && Math.floor(spec.inChannels / (bs * N)) < D) bad.push(`${where}: odd bank size with < D input banks`);
        if (block.numBanks !== Math.floor(spec.maxBanks / bs)) bad.push(`${where}: numBanks`);
        if (block.budgetSlices !== Math.floor((block.budgetFraction * spec.budget.total) / (N * D) + 1e-9)) bad.push(`${where}: budgetSlices`);
        const written = new Set(Array.from({ length: Math.floor(spec.inChannels / (bs * N)) }, (_, b) => b));
        let used = 0;
        block.ops.forEach((op, j) => {
            const at = `${where} op ${j}`;
            const family = space.ops[op.family]!;
            for (const r of op.reads) if (!written.has(r)) bad.push(`${at}: reads unwritten bank ${r}`);
            if (new Set(op.reads).size !== op.reads.length) bad.push(`${at}: duplicate reads`);
            if (op.width % bs !== 0 || op.width * N > space.maxWidth || op.width < bs) bad.push(`${at}: width ${op.width}`);
            if (op.nIn !== op.reads.length * bs * N || op.nIn % (D * N) !== 0) bad.push(`${at}: nIn ${op.nIn}`);
            if (op.nB !== op.bottleneck * op.width * N) bad.push(`${at}: nB`);
            if (op.sliceStart !== column || op.rowStart !== column * D * N) bad.push(`${at}: sliceStart ${op.sliceStart} != ${column}`);
            column += op.nIn / (D * N);
            used += op.nIn / (D * N);
            const chunks = op.width / bs;
            const seen = new Set(op.writes.map((w) => w.chunk));
            for (let c = 0; c < chunks; c++) if (!seen.has(c)) bad.push(`${at}: chunk ${c} never written`);
            const fresh = op.writes.map((w) => w.bank).filter((b) => !written.has(b)).sort((a, b) => a - b);
            let next = 0;
            for (const b of fresh) {
                while (written.has(next)) next++;
                if (b !== next) bad.push(`${at}: new bank ${b} is not the lowest empty one (${next})`);
                next++;
            }
            for (const w of op.writes) {
                if (w.bank >= block.numBanks) bad.push(`${at}: bank ${w.bank} beyond numBanks`);
                written.add(w.bank);
            }
            if (op.convs.length !== op.structure.reduce((a, b) => a + b, 0)) bad.push(`${at}: conv count`);
            for (const conv of op.convs) {
                for (const axis of [0, 1]) {
                    const k = conv.kernel[axis]!;
                    if (conv.dilation[axis]! > (family.receptiveField + 1) / 2 - (k - 1) / 2) bad.push(`${at}: dilation ${conv.dilation[axis]} over the cap for kernel ${k}`);
                }
                if (N % conv.groups !== 0) bad.push(`${at}: groups ${conv.groups}`);
            }
        });
        if (used > block.budgetSlices) bad.push(`${where}: uses ${used} of ${block.budgetSlices} slices`);
        if (block.ops.length === 0) bad.push(`${where}: no ops`);
    });
    return bad;
}
