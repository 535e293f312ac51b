/**
 * Checks an architecture loaded from JSON (an export, a results file) against a search space, so
 * the engine never builds a network from values the space does not allow. The result carries
 * sources re-derived from the space: an architecture exported before the `.smash` file was edited
 * still points at the right text (`sources` in the input are ignored and may be absent).
 */
import type { Architecture, BankWrite, BlockArchitecture, ConvChoice, OpArchitecture } from './architecture.js';
import {
    bankSizeProblem, blockFamilies, budgetSlices, choiceOf, dilationOptions, geometry, groupOptions,
    readCountOptions, sliceCost, widthOptions, writesProblem, type BlockGeometry,
} from './architecture-rules.js';
import { buildOp, convCount, readableAfter, usedSlices } from './sampler.js';
import type { Activation, BlockSpec, SearchSpace } from './space.js';

export class ArchitectureError extends Error {
    constructor(readonly path: string, detail: string) {
        super(`architecture ${path}: ${detail}`);
        this.name = 'ArchitectureError';
    }
}

type Json = Record<string, unknown>;

function object(value: unknown, path: string): Json {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ArchitectureError(path, 'expected an object');
    return value as Json;
}

function list(value: unknown, path: string, length?: number): unknown[] {
    if (!Array.isArray(value)) throw new ArchitectureError(path, 'expected an array');
    if (length !== undefined && value.length !== length) throw new ArchitectureError(path, `expected ${length} entries, got ${value.length}`);
    return value;
}

function int(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ArchitectureError(path, `expected an integer, got ${JSON.stringify(value)}`);
    return value;
}

function ints(value: unknown, path: string, length?: number): number[] {
    return list(value, path, length).map((v, i) => int(v, `${path}[${i}]`));
}

function oneOf<T>(allowed: T[], value: T, path: string, what: string): void {
    if (!allowed.includes(value)) throw new ArchitectureError(path, `${JSON.stringify(value)} is not one of the allowed ${what} {${[...new Set(allowed)].join(', ')}}`);
}

export function validateArchitecture(space: SearchSpace, value: unknown): Architecture {
    const root = object(value, '');
    if (root.version !== 1) throw new ArchitectureError('version', `expected 1, got ${JSON.stringify(root.version)}`);
    const blocks = list(root.blocks, 'blocks', space.blocks.length);
    let sliceStart = 0;
    return {
        version: 1,
        blocks: blocks.map((b, i) => {
            const block = checkBlock(space, space.blocks[i]!, object(b, `blocks[${i}]`), `blocks[${i}]`, sliceStart);
            sliceStart += usedSlices(space, block);
            return block;
        }),
    };
}

function checkBlock(space: SearchSpace, spec: BlockSpec, raw: Json, path: string, sliceStart: number): BlockArchitecture {
    const bs = int(raw.bankSize, `${path}.bankSize`);
    oneOf(spec.bankSizes.map((c) => c.value), bs, `${path}.bankSize`, `bank sizes of block '${spec.name}'`);
    const problem = bankSizeProblem(space, spec, bs);
    if (problem) throw new ArchitectureError(`${path}.bankSize`, problem);
    const g = geometry(space, spec, bs);
    if (raw.numBanks !== g.numBanks) throw new ArchitectureError(`${path}.numBanks`, `expected ${g.numBanks}, got ${JSON.stringify(raw.numBanks)}`);
    if (raw.initialBanks !== g.initialBanks) throw new ArchitectureError(`${path}.initialBanks`, `expected ${g.initialBanks}, got ${JSON.stringify(raw.initialBanks)}`);
    const fraction = raw.budgetFraction;
    if (typeof fraction !== 'number' || !(fraction >= spec.budget.min && fraction <= spec.budget.max)) {
        throw new ArchitectureError(`${path}.budgetFraction`, `expected a number in [${spec.budget.min}, ${spec.budget.max}], got ${JSON.stringify(fraction)}`);
    }
    const budget = budgetSlices(space, spec, fraction);
    if (raw.budgetSlices !== budget) throw new ArchitectureError(`${path}.budgetSlices`, `expected ${budget} for fraction ${fraction}, got ${JSON.stringify(raw.budgetSlices)}`);
    const rawOps = list(raw.ops, `${path}.ops`);
    if (rawOps.length === 0) throw new ArchitectureError(`${path}.ops`, 'a block needs at least one op');

    let readable = g.initialBanks;
    let used = 0;
    const ops = rawOps.map((rawOp, j) => {
        const opPath = `${path}.ops[${j}]`;
        const op = checkOp(g, object(rawOp, opPath), opPath, readable, sliceStart + used);
        used += sliceCost(g, op.reads.length);
        if (used > budget) throw new ArchitectureError(opPath, `the ops up to here use ${used} slices, more than the block's budget of ${budget}`);
        readable = readableAfter(readable, op.writes);
        return op;
    });
    return {
        bankSize: bs, numBanks: g.numBanks, initialBanks: g.initialBanks, budgetFraction: fraction, budgetSlices: budget, ops,
        sources: { block: spec.at, bankSize: choiceOf(spec.bankSizes, bs, 'bankSize').at, budget: spec.budget.at },
    };
}

function checkOp(g: BlockGeometry, raw: Json, path: string, readable: number, sliceStart: number): OpArchitecture {
    const names = blockFamilies(g.space, g.block).map((f) => f.family.name);
    if (typeof raw.family !== 'string') throw new ArchitectureError(`${path}.family`, 'expected a family name');
    oneOf(names, raw.family, `${path}.family`, `op families of block '${g.block.name}'`);
    const family = g.space.ops[raw.family]!;

    const reads = ints(raw.reads, `${path}.reads`);
    reads.forEach((bank, i) => {
        if (bank < 0 || bank >= readable) throw new ArchitectureError(`${path}.reads[${i}]`, `bank ${bank} is read but only banks 0..${readable - 1} hold data here`);
        if (i > 0 && bank <= reads[i - 1]!) throw new ArchitectureError(`${path}.reads`, 'banks must be distinct and ascending');
    });
    oneOf(readCountOptions(g, family, readable), reads.length, `${path}.reads`, `read counts of op '${family.name}' with ${readable} written banks`);

    const width = int(raw.width, `${path}.width`);
    oneOf(widthOptions(g, family), width, `${path}.width`, `widths (units) for bank size ${g.bs}`);

    const writes: BankWrite[] = list(raw.writes, `${path}.writes`).map((w, i) => {
        const entry = object(w, `${path}.writes[${i}]`);
        return { bank: int(entry.bank, `${path}.writes[${i}].bank`), chunk: int(entry.chunk, `${path}.writes[${i}].chunk`) };
    });
    const writeProblem = writesProblem(g, family, readable, width, writes);
    if (writeProblem) throw new ArchitectureError(`${path}.writes`, writeProblem);

    const structure = ints(raw.structure, `${path}.structure`);
    const known = family.structures.map((c) => JSON.stringify(c.value));
    oneOf(known, JSON.stringify(structure), `${path}.structure`, `structures of op '${family.name}'`);
    const convs = list(raw.convs, `${path}.convs`, convCount(structure)).map((c, i) => checkConv(g, family.name, object(c, `${path}.convs[${i}]`), `${path}.convs[${i}]`));

    const op = buildOp(g, { family: family.name, reads, width, writes, structure, convs }, sliceStart);
    for (const key of ['bottleneck', 'nIn', 'nB', 'sliceStart', 'rowStart'] as const) {
        if (raw[key] !== op[key]) throw new ArchitectureError(`${path}.${key}`, `expected ${op[key]}, got ${JSON.stringify(raw[key])}`);
    }
    return op;
}

function checkConv(g: BlockGeometry, familyName: string, raw: Json, path: string): ConvChoice {
    const family = g.space.ops[familyName]!;
    const kernel = ints(raw.kernel, `${path}.kernel`, 2) as [number, number];
    oneOf(family.kernelHeight.map((c) => c.value), kernel[0], `${path}.kernel[0]`, `kernel heights of op '${familyName}'`);
    oneOf(family.kernelWidth.map((c) => c.value), kernel[1], `${path}.kernel[1]`, `kernel widths of op '${familyName}'`);
    const dilation = ints(raw.dilation, `${path}.dilation`, 2) as [number, number];
    for (const axis of [0, 1]) {
        oneOf(dilationOptions(family, kernel[axis]!).map((c) => c.value), dilation[axis]!, `${path}.dilation[${axis}]`, `dilations for kernel size ${kernel[axis]} (receptive field ${family.receptiveField})`);
    }
    const groups = int(raw.groups, `${path}.groups`);
    oneOf(groupOptions(g.space, family).map((c) => c.value), groups, `${path}.groups`, `groups of op '${familyName}' dividing unit ${g.space.unit}`);
    const activation = raw.activation as Activation;
    oneOf(family.activation.map((c) => c.value), activation, `${path}.activation`, `activations of op '${familyName}'`);
    return { kernel, dilation, groups, activation };
}
