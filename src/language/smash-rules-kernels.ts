/**
 * Kernel sizes of an op family, per axis: odd (a kernel is centred on its pixel), no larger than
 * the maps of the smallest block that draws from the family, within the receptive field R (no
 * dilation satisfies the cap for k > R), and a warning when the largest dilation a kernel can draw
 * spreads it over more pixels than the map has.
 */
import type { OpFamily } from './generated/ast.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DEFAULTS } from './smash-knobs.js';
import { choiceItems, countValues, member, type BlockFacts, type ChoiceItem, type SpaceFacts } from './smash-validator-facts.js';
import { isCount, listText, propertyRange, valuesText, type Reporter } from './smash-validator-util.js';

export interface FamilyFacts {
    family: OpFamily;
    /** The receptive field R; undefined when it is invalid. */
    field?: number;
    /** The block with the smallest maps by height (0) and by width (1) among those drawing from the family. */
    smallest: [BlockFacts | undefined, BlockFacts | undefined];
}

interface Limit { size: number; block: BlockFacts }

/** The largest dilation the paper's rule allows for kernel size k in receptive field R (spec §2.3). */
export function dilationCap(field: number, k: number): number {
    return (field + 1) / 2 - (k - 1) / 2;
}

/** The smallest map size over the given axes. */
function limitOf(ff: FamilyFacts, axes: (0 | 1)[]): Limit | undefined {
    let limit: Limit | undefined;
    for (const axis of axes) {
        const block = ff.smallest[axis];
        if (block?.resolution && (!limit || block.resolution[axis] < limit.size)) limit = { size: block.resolution[axis], block };
    }
    return limit;
}

function mapText(limit: Limit): string {
    const [h, w] = limit.block.resolution!;
    return `block ${limit.block.node.name}'s ${h} x ${w} maps`;
}

export function checkKernels(ff: FamilyFacts, report: Reporter): void {
    const { family } = ff;
    if (!family.kernel) {
        checkDefaultKernels(ff, report);
        return;
    }
    const sources = family.kernelWidth
        ? [{ items: choiceItems(family.kernel), axes: [0] as (0 | 1)[], axis: ' (height)' }, { items: choiceItems(family.kernelWidth), axes: [1] as (0 | 1)[], axis: ' (width)' }]
        : [{ items: choiceItems(family.kernel), axes: [0, 1] as (0 | 1)[], axis: '' }];
    const dilations = family.dilation ? countValues(family.dilation) : [...DEFAULTS.dilations];
    const maxDilation = dilations.length > 0 ? Math.max(...dilations) : 1;
    for (const { items, axes, axis } of sources) {
        const limit = limitOf(ff, axes);
        for (const item of items) checkKernelItem(ff, item, axis, limit, maxDilation, report);
    }
}

function checkKernelItem(ff: FamilyFacts, item: ChoiceItem, axis: string, limit: Limit | undefined, maxDilation: number, report: Reporter): void {
    const { family, field } = ff;
    const even = item.values.filter((k) => k % 2 === 0);
    if (even.length > 0) {
        const odd = item.values.filter((k) => k % 2 === 1);
        const fits = (k: number): boolean => (!limit || k <= limit.size) && (field === undefined || k <= field);
        const k = even[0]!;
        const single = item.node.$type !== 'IntRange';
        report.error(`Kernel size${even.length > 1 ? 's' : ''}${axis} ${valuesText(even)} must be odd: a kernel is centred on its pixel, with as many taps on each side (e.g. 3, 5, 7).`,
            item.node, item.range, {
                code: IssueCodes.KernelEven,
                values: single ? (fits(k + 1) ? [k + 1, k - 1] : [k - 1, k + 1]) : undefined,
                text: !single && odd.length > 0 ? `{${odd.join(', ')}}` : undefined,
            });
    }
    const odd = item.values.filter((k) => k % 2 === 1);
    const tooLarge = limit ? odd.filter((k) => k > limit.size) : [];
    if (limit && tooLarge.length > 0) {
        report.error(`Kernel size${axis} ${valuesText(tooLarge)} is larger than ${mapText(limit)}, the smallest that draws from op family ${family.name}: the kernel must fit the map (at most ${limit.size}).`,
            item.node, item.range, { code: IssueCodes.KernelTooLarge });
    }
    if (field === undefined) return;
    const overField = odd.filter((k) => k > field);
    if (overField.length > 0) {
        report.error(`Kernel size${axis} ${valuesText(overField)} exceeds receptiveField ${field}: the dilation cap d <= (R + 1)/2 - (k - 1)/2 leaves no dilation for it. Raise receptiveField to at least ${Math.max(...overField)}.`,
            item.node, item.range, { code: IssueCodes.KernelExceedsField });
    }
    if (!limit) return;
    const spread = odd.filter((k) => k <= limit.size && k <= field)
        .map((k) => ({ k, d: Math.min(maxDilation, dilationCap(field, k)) }))
        .filter(({ k, d }) => (k - 1) * d + 1 > limit.size);
    if (spread.length > 0) {
        const parts = spread.map(({ k, d }) => `${k} with dilation ${d} spans ${(k - 1) * d + 1} pixels`);
        // Legal and common (the paper's own space does it on 8x8 maps), hence information, not a warning.
        report.info(`Kernel${axis} ${listText(parts)}, more than ${mapText(limit)}: no output pixel sees a whole dilated kernel of input.`,
            item.node, item.range, { code: IssueCodes.DilatedExtent });
    }
}

/** Without `kernel`, the family draws the default sizes; they still have to fit and stay in R. */
function checkDefaultKernels(ff: FamilyFacts, report: Reporter): void {
    const { family, field } = ff;
    const limit = limitOf(ff, [0, 1]);
    const defaults = DEFAULTS.kernels;
    const tooLarge = limit ? defaults.filter((k) => k > limit.size) : [];
    if (limit && tooLarge.length > 0) {
        report.warning(`Op family ${family.name} draws the default kernel sizes ${listText([...defaults])}, and ${listText(tooLarge)} ${tooLarge.length > 1 ? 'are' : 'is'} larger than ${mapText(limit)}: write a \`kernel\` set that fits, e.g. {${defaults.filter((k) => k <= limit.size).join(', ') || '1'}}.`,
            family, propertyRange(family, 'name'), { code: IssueCodes.KernelTooLarge });
    }
    const overField = field === undefined ? [] : defaults.filter((k) => k > field);
    if (overField.length > 0 && family.receptiveField !== undefined) {
        report.error(`receptiveField ${field} is smaller than the default kernel size ${listText(overField)}, for which the dilation cap leaves no dilation: use at least ${Math.max(...overField)} or write a smaller \`kernel\` set.`,
            family, propertyRange(family, 'receptiveField'), { code: IssueCodes.KernelExceedsField });
    }
}

/** The stem conv: odd, and no larger than the images it runs on. */
export function checkStemKernel(facts: SpaceFacts, report: Reporter): void {
    const stem = member(facts.space, 'Stem');
    const k = stem?.kernel;
    if (!stem || !isCount(k)) return;
    const range = propertyRange(stem, 'kernel');
    const side = facts.input ? Math.min(facts.input.height, facts.input.width) : undefined;
    if (k % 2 === 0) {
        report.error(`stem kernel ${k} must be odd: a kernel is centred on its pixel, with as many taps on each side (e.g. 3, 5, 7).`,
            stem, range, { code: IssueCodes.KernelEven, values: side === undefined || k + 1 <= side ? [k + 1, k - 1] : [k - 1, k + 1] });
    } else if (facts.input && side !== undefined && k > side) {
        report.error(`stem kernel ${k} is larger than the ${facts.input.height} x ${facts.input.width} input images: the kernel must fit the image (at most ${side}).`,
            stem, range, { code: IssueCodes.KernelTooLarge });
    }
}
