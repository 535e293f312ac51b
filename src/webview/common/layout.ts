/**
 * Lays out an architecture as a diagram: per block a grid with the block's banks as columns and
 * its ops as rows (R reads a bank, W writes a new one, + adds to one already filled), and after
 * each op its 1x1 reduction and its convs path by path. Every sampled value is a chip that leads to
 * its source. Pure (no DOM): positions in px for a 12 px monospace font.
 */
import type { Architecture, BlockArchitecture, OpArchitecture } from '../../engine/space/architecture.js';
import type { SourceRef } from '../../engine/space/space.js';

export interface RevealTarget {
    source: SourceRef;
    label: string;
}

export type DiagramItem =
    | { kind: 'text'; x: number; y: number; text: string; className: string; anchor: 'start' | 'middle' }
    | { kind: 'cell'; x: number; y: number; size: number; mark: string; className: string; description: string }
    | { kind: 'chip'; x: number; y: number; width: number; height: number; text: string; className: string; target: RevealTarget }
    | { kind: 'frame'; x: number; y: number; width: number; height: number; className: string };

export interface DiagramLayout {
    width: number;
    height: number;
    items: DiagramItem[];
}

export const METRICS = { char: 7.2, cell: 20, row: 28, chip: 20, gap: 6, pad: 8 } as const;

export type BankMark = 'read' | 'set' | 'add' | 'read add';

/** Per op, what it does to each bank it touches; writes are `set` into empty banks and `add` into filled ones. */
export function bankUse(block: BlockArchitecture): Array<Map<number, BankMark>> {
    const filled = new Set<number>(Array.from({ length: block.initialBanks }, (_, i) => i));
    return block.ops.map((op) => {
        const marks = new Map<number, BankMark>();
        for (const bank of op.reads) marks.set(bank, 'read');
        for (const { bank } of op.writes) {
            const write = filled.has(bank) ? 'add' : 'set';
            marks.set(bank, marks.get(bank) === 'read' ? (write === 'add' ? 'read add' : 'set') : write);
        }
        for (const { bank } of op.writes) filled.add(bank);
        return marks;
    });
}

const MARK_TEXT: Record<BankMark, string> = { read: 'R', set: 'W', add: '+', 'read add': 'R+' };
const MARK_WORDS: Record<BankMark, string> = { read: 'reads', set: 'writes a new', add: 'adds to', 'read add': 'reads and adds to' };

export function chipWidth(text: string): number {
    return Math.ceil(text.length * METRICS.char) + 10;
}

/** Places items left to right on one row. */
class Row {
    x: number;
    constructor(readonly items: DiagramItem[], start: number, readonly y: number) {
        this.x = start;
    }
    chip(text: string, className: string, target: RevealTarget): void {
        const width = chipWidth(text);
        this.items.push({ kind: 'chip', x: this.x, y: this.y, width, height: METRICS.chip, text, className, target });
        this.x += width + 3;
    }
    text(text: string, className = 'note'): void {
        this.items.push({ kind: 'text', x: this.x, y: this.y + METRICS.chip / 2, text, className, anchor: 'start' });
        this.x += Math.ceil(text.length * METRICS.char) + METRICS.gap;
    }
    space(px: number = METRICS.gap): void {
        this.x += px;
    }
}

function opName(op: OpArchitecture, index: number): string {
    return `op ${index + 1} ${op.family}`;
}

export function layoutArchitecture(architecture: Architecture): DiagramLayout {
    const { pad, row: rowHeight, cell } = METRICS;
    const items: DiagramItem[] = [];
    const labelWidth = Math.max(chipWidth('op 1'), ...architecture.blocks.flatMap((b) => b.ops.map((op, i) => chipWidth(opName(op, i))))) + METRICS.gap;
    const gridX = pad + labelWidth;
    let y = pad;
    let width = 0;
    architecture.blocks.forEach((block, b) => {
        const blockName = `block ${b + 1}`;
        const header = new Row(items, pad, y);
        header.chip(`Block ${b + 1}`, 'block', { source: block.sources.block, label: blockName });
        header.chip(`bank size ${block.bankSize}`, 'value', { source: block.sources.bankSize, label: `the bank size ${block.bankSize} of ${blockName}` });
        header.chip(`budget ${Math.round(block.budgetFraction * 100)} %`, 'value', { source: block.sources.budget, label: `the budget of ${blockName}` });
        header.text(`${block.numBanks} banks, ${block.initialBanks} hold the input, ${block.budgetSlices} slices`);
        width = Math.max(width, header.x);
        y += rowHeight;

        const gridTop = y;
        const gridHeight = rowHeight * (block.ops.length + 1);
        if (block.initialBanks > 0) {
            items.push({ kind: 'frame', x: gridX - 2, y: gridTop - 4, width: block.initialBanks * cell + 4, height: gridHeight, className: 'input-banks' });
        }
        for (let bank = 0; bank < block.numBanks; bank++) {
            items.push({ kind: 'text', x: gridX + bank * cell + cell / 2, y: y + METRICS.chip / 2, text: String(bank), className: 'bank-index', anchor: 'middle' });
        }
        y += rowHeight;

        const uses = bankUse(block);
        block.ops.forEach((op, o) => {
            const opLabel = `op ${o + 1} of ${blockName}`;
            new Row(items, pad, y).chip(opName(op, o), 'op', { source: op.sources.definition, label: `op family ${op.family} (${opLabel})` });
            for (const [bank, mark] of uses[o]!) {
                items.push({
                    kind: 'cell', x: gridX + bank * cell, y: y + (METRICS.chip - cell) / 2, size: cell, mark: MARK_TEXT[mark],
                    className: mark, description: `${opLabel} ${MARK_WORDS[mark]} bank ${bank}`,
                });
            }
            const line = new Row(items, gridX + block.numBanks * cell + 2 * METRICS.gap, y);
            line.text(`1×1 ${op.nIn}→${op.nB}`);
            line.chip(`×${op.bottleneck}`, 'value', { source: op.sources.bottleneck, label: `the bottleneck ${op.bottleneck} of ${opLabel}` });
            line.chip(`paths ${op.structure.join('|')}`, 'value', { source: op.sources.structure, label: `the structure [${op.structure.join(', ')}] of ${opLabel}` });
            line.space();
            layoutConvs(line, op, opLabel);
            width = Math.max(width, line.x);
            y += rowHeight;
        });
        width = Math.max(width, gridX + block.numBanks * cell);
        y += rowHeight / 2;
    });
    return { width: Math.ceil(width + pad), height: Math.ceil(y), items };
}

/** Convs path by path: "→" between the convs of a path, "‖" between paths. */
function layoutConvs(line: Row, op: OpArchitecture, opLabel: string): void {
    let index = 0;
    op.structure.forEach((depth, path) => {
        if (path > 0) line.text('‖', 'separator');
        for (let d = 0; d < depth; d++, index++) {
            const conv = op.convs[index];
            const sources = op.sources.convs[index];
            if (!conv || !sources) return;
            if (d > 0) line.text('→', 'separator');
            const where = `conv ${index + 1} of ${opLabel}`;
            const start = line.x;
            line.space(3);
            line.chip(`k${conv.kernel[0]}`, 'value', { source: sources.kernel[0], label: `kernel height ${conv.kernel[0]} (${where})` });
            line.chip(`×${conv.kernel[1]}`, 'value', { source: sources.kernel[1], label: `kernel width ${conv.kernel[1]} (${where})` });
            line.chip(`d${conv.dilation[0]}`, 'value', { source: sources.dilation[0], label: `dilation height ${conv.dilation[0]} (${where})` });
            line.chip(`×${conv.dilation[1]}`, 'value', { source: sources.dilation[1], label: `dilation width ${conv.dilation[1]} (${where})` });
            line.chip(`g${conv.groups}`, 'value', { source: sources.groups, label: `groups ${conv.groups} (${where})` });
            line.chip(conv.activation, 'value', { source: sources.activation, label: `activation ${conv.activation} (${where})` });
            line.items.push({ kind: 'frame', x: start, y: line.y - 3, width: line.x - start, height: METRICS.chip + 6, className: 'conv' });
            line.space();
        }
    });
}
