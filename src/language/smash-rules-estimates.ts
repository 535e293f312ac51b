/**
 * Order-of-magnitude costs of a space, so that a legal but hopeless configuration is flagged
 * before a run fails for lack of memory (spec §2.6, §4.1-4.3):
 *
 * - the HyperNet runs on a k x S grid (k = maxWidth/unit output units, S = full-budget slices of
 *   all blocks); its dense stages concatenate, so the activations kept for the backward pass sum
 *   the channel counts of every layer's input, output and activation;
 * - parameters: the freely learned stem, per-block main convs (allocated at their largest shape),
 *   transitions and head, the HyperNet's convs, and the generated 1x1 weights of one architecture.
 *
 * Estimates, not measurements: they say how large, not exactly how large.
 */
import { isStructurePreset, type OpFamily } from './generated/ast.js';
import { structureItems } from './smash-choices.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DATASETS, DEFAULTS } from './smash-knobs.js';
import { countValues, member, type SpaceFacts } from './smash-validator-facts.js';
import { approx, isCount, propertyRange, type Reporter } from './smash-validator-util.js';

export const MEMORY_LIMIT_BYTES = 2 ** 30;
export const PARAMETER_LIMIT = 50e6;

const PRESET_SHAPES: Record<string, number[][]> = { single: [[1]], variable: [[2, 2]], big: [[2, 2]], long: [[2]] };

/** Parallel paths and second convs of the family's widest structure (each takes a main conv slot). */
function slotsOf(family: OpFamily): { paths: number; seconds: number } {
    const s = family.structure;
    let structures: number[][];
    if (isStructurePreset(s)) structures = PRESET_SHAPES[s.preset] ?? [[1]];
    else if (s) structures = structureItems(s).map((i) => i.depths);
    else {
        const paths = Math.min(2, Math.max(1, ...countValues(family.paths)));
        const depth = Math.min(2, Math.max(1, ...countValues(family.depth)));
        structures = [Array.from({ length: paths }, () => depth)];
    }
    const legal = structures.map((d) => d.slice(0, 2).filter((x) => x === 1 || x === 2));
    return {
        paths: Math.max(1, ...legal.map((d) => d.length)),
        seconds: Math.max(0, ...legal.map((d) => d.filter((x) => x === 2).length)),
    };
}

export function checkEstimates(facts: SpaceFacts, report: Reporter): void {
    const { space, unit, slice, k, maxWidth, blocks } = facts;
    if (unit === undefined || slice === undefined || k === undefined || maxWidth === undefined || blocks.length === 0) return;
    if (blocks.some((b) => !b.budget || b.maxBanks === undefined || b.input === undefined)) return;
    const hyper = member(space, 'HyperNet');
    const valid = (v: number | undefined, fallback: number): number => (v === undefined ? fallback : isCount(v) ? v : NaN);
    const growth = valid(hyper?.growth, DEFAULTS.hypernet.growth);
    const hyperStem = valid(hyper?.stem, DEFAULTS.hypernet.stem);
    const multiplier = valid(hyper?.multiplier, DEFAULTS.hypernet.multiplier);
    const stages = hyper && hyper.stages.length > 0 ? hyper.stages.map((s) => valid(s, 0)) : [...DEFAULTS.hypernet.stages];
    if (![growth, hyperStem, multiplier, ...stages].every(Number.isFinite)) return;

    const S = blocks.reduce((sum, b) => sum + Math.floor(b.budget!.total / (slice * unit)), 0);
    const M = Math.max(...blocks.map((b) => b.maxBanks!));
    const families = facts.families;
    const perConv = Math.max(6 + 6 + 4, ...families.map((f) => {
        const dilations = f.dilation ? countValues(f.dilation) : [...DEFAULTS.dilations];
        const kernels = [...countValues(f.kernel), ...countValues(f.kernelWidth), ...(f.kernel ? [] : DEFAULTS.kernels)];
        const groups = f.groups ? countValues(f.groups).length : 4;
        return 2 * Math.max(1, ...dilations) + 2 * Math.floor((Math.max(3, ...kernels) - 1) / 2) + groups;
    }));
    const slots = Math.max(1, ...families.map((f) => { const s = slotsOf(f); return s.paths + s.seconds; }));
    const channels = 2 * M + blocks.length + k + slots * perConv + (slots > 1 ? slots : 0) + 1;

    // Activations per grid cell and HyperNet parameters, layer by layer.
    let c = channels;
    let cells = c + hyperStem;
    let hyperParams = 9 * c * hyperStem;
    c += hyperStem;
    cells += c;
    stages.forEach((layers, i) => {
        for (let l = 0; l < layers; l++) {
            hyperParams += 9 * c * growth;
            c += growth;
            cells += 2 * growth + c;
        }
        if (i < stages.length - 1) {
            const half = Math.floor(c / 2);
            hyperParams += 9 * c * half;
            cells += 2 * half;
            c = half;
        }
    });
    const outputs = multiplier * unit * unit * slice;
    hyperParams += c * outputs;
    cells += outputs;
    const bytes = cells * k * (S + 1) * 4;
    const at = hyper ?? space;
    const range = hyper ? propertyRange(hyper, hyper.stages.length > 0 ? 'stages' : 'growth') : propertyRange(space, 'name');
    if (bytes > MEMORY_LIMIT_BYTES) {
        report.warning(`The HyperNet would need about ${approx(bytes / 2 ** 30)} GB of float32 activations per weight generation: its dense stages reach ${c} channels, concatenated layer by layer, over a ${k} x ${S + 1} grid (maxWidth/unit x budget slices of all blocks). Use fewer or smaller stages, a smaller growth or smaller budgets.`,
            at, range, { code: IssueCodes.HypernetMemory });
    }

    const input = facts.input?.channels ?? DATASETS[facts.datasetKind]?.input.channels ?? 3;
    const stemKernel = valid(member(space, 'Stem')?.kernel, DEFAULTS.stemKernel);
    const classes = valid(member(space, 'ClassesDecl')?.value, DATASETS[facts.datasetKind]?.classes ?? 10);
    const headCells = valid(member(space, 'Head')?.grid, DEFAULTS.headGrid) ** 2;
    let free = (Number.isFinite(stemKernel) ? stemKernel ** 2 : 49) * input * (facts.stemWidth ?? maxWidth);
    blocks.forEach((b, i) => {
        const memory = b.maxBanks! * unit;
        const kernel = Math.max(3, ...b.families.flatMap((f) => [...countValues(f.kernel), ...countValues(f.kernelWidth)]));
        const ratio = Math.max(1, ...b.families.flatMap((f) => (f.bottleneck ? countValues(f.bottleneck) : [...DEFAULTS.bottleneck])));
        const shape = b.families.map(slotsOf).reduce((a, s) => ({ paths: Math.max(a.paths, s.paths), seconds: Math.max(a.seconds, s.seconds) }), { paths: 1, seconds: 0 });
        free += kernel * kernel * maxWidth * (shape.paths * ratio * maxWidth + shape.seconds * maxWidth);
        const next = blocks[i + 1];
        free += next ? memory * next.input! : (Number.isFinite(headCells) ? headCells : 1) * memory * Number(classes || 10);
    });
    const generated = S * slice * unit * multiplier * maxWidth;
    const total = free + hyperParams + generated;
    if (total > PARAMETER_LIMIT) {
        const m = (n: number): string => `${approx(n / 1e6)} M`;
        report.warning(`This space needs about ${m(total)} parameters (${m(free)} freely learned at their largest shapes, ${m(hyperParams)} in the HyperNet, ${m(generated)} generated 1x1 weights), more than the ${m(PARAMETER_LIMIT)} a CPU or browser run handles well.`,
            space, propertyRange(space, 'name'), { code: IssueCodes.TooManyParams });
    }
}
