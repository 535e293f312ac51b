import { describe, expect, test } from 'vitest';
import { bankUse, chipWidth, layoutArchitecture, type DiagramItem } from '../../src/webview/common/layout.js';
import { architecture } from './fixtures.js';

const uri = 'file:///tiny.smash';

describe('bank use', () => {
    test('reads, writes into empty banks (set) and into filled ones (add)', () => {
        const [first, second] = bankUse(architecture(uri).blocks[0]!);
        // Op 1 reads the two input banks, adds to input bank 1 and writes new bank 2.
        expect(Object.fromEntries(first!)).toEqual({ 0: 'read', 1: 'read add', 2: 'set' });
        // Op 2 reads bank 2 (written by op 1) and adds to it, then writes new bank 3.
        expect(Object.fromEntries(second!)).toEqual({ 2: 'read add', 3: 'set' });
    });
});

describe('diagram layout', () => {
    const arch = architecture(uri);
    const layout = layoutArchitecture(arch);
    const chips = layout.items.filter((i): i is Extract<DiagramItem, { kind: 'chip' }> => i.kind === 'chip');

    test('every sampled value is a chip leading to its own source', () => {
        const op = arch.blocks[0]!.ops[0]!;
        const conv = op.sources.convs[0]!;
        const byLabel = (prefix: string) => chips.filter((c) => c.target.label.startsWith(prefix));
        expect(byLabel('block 1')[0]!.target.source).toBe(arch.blocks[0]!.sources.block);
        expect(byLabel('the bank size')[0]!.target.source).toBe(arch.blocks[0]!.sources.bankSize);
        expect(byLabel('op family basic (op 1')[0]!.target.source).toBe(op.sources.definition);
        expect(byLabel('kernel width 5 (conv 1 of op 1')[0]!.target.source).toBe(conv.kernel[1]);
        expect(byLabel('dilation width 2 (conv 1 of op 1')[0]!.target.source).toBe(conv.dilation[1]);
        expect(byLabel('groups 2 (conv 1 of op 1')[0]!.target.source).toBe(conv.groups);
        // Op 2 has two paths of one conv: six value chips per conv.
        expect(chips.filter((c) => c.target.label.includes('of op 2') && /\(conv \d/.test(c.target.label))).toHaveLength(12);
    });

    test('cells sit in their bank column, one per bank an op touches', () => {
        const cells = layout.items.filter((i): i is Extract<DiagramItem, { kind: 'cell' }> => i.kind === 'cell');
        expect(cells.map((c) => c.mark)).toEqual(['R', 'R+', 'W', 'R+', 'W']);
        const x0 = cells[0]!.x;
        expect(cells.map((c) => (c.x - x0) / c.size)).toEqual([0, 1, 2, 2, 3]);
        expect(cells[4]!.description).toBe('op 2 of block 1 writes a new bank 3');
    });

    test('chips on a row do not overlap and everything fits in the drawing', () => {
        const rows = new Map<number, typeof chips>();
        for (const chip of chips) rows.set(chip.y, [...(rows.get(chip.y) ?? []), chip]);
        for (const row of rows.values()) {
            const sorted = [...row].sort((a, b) => a.x - b.x);
            for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.x).toBeGreaterThanOrEqual(sorted[i - 1]!.x + sorted[i - 1]!.width);
        }
        for (const item of layout.items) {
            const right = 'width' in item ? item.x + item.width : 'size' in item ? item.x + item.size : item.x;
            expect(right).toBeLessThanOrEqual(layout.width);
            expect(item.y).toBeLessThan(layout.height);
        }
        expect(chipWidth('k3')).toBeGreaterThan(chipWidth('3'));
    });
});
