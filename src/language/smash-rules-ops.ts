/**
 * Op families (spec §2.3, §3): odd kernels that fit the smallest block drawing from the family,
 * the dilation cap d <= (R + 1)/2 - (k - 1)/2 of the receptive field R, groups that divide the
 * unit, and read bounds that leave a legal read count for every bank size.
 */
import type { OpFamily } from './generated/ast.js';
import { structureItems } from './smash-choices.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DEFAULTS } from './smash-knobs.js';
import { checkKernels, dilationCap, type FamilyFacts } from './smash-rules-kernels.js';
import { choiceItems, countValues, firstRead, fittingBankSizes, minReads, readBounds, type SpaceFacts } from './smash-validator-facts.js';
import { fmt, isCount, listItemRemoval, listText, propertyRange, valuesText, type Reporter } from './smash-validator-util.js';

export function checkFamily(facts: SpaceFacts, family: OpFamily, report: Reporter): void {
    const users = facts.users.get(family) ?? [];
    let field: number | undefined = DEFAULTS.receptiveField;
    if (family.receptiveField !== undefined) {
        field = isCount(family.receptiveField) ? family.receptiveField : undefined;
        if (field !== undefined && field % 2 === 0) {
            report.error(`receptiveField must be odd: a kernel is centred on its pixel, so the field spans the same number of pixels on both sides; ${field} is even.`,
                family, propertyRange(family, 'receptiveField'), { code: IssueCodes.ReceptiveFieldEven, values: [field + 1, field - 1] });
            field = undefined;
        }
    }
    const sized = users.filter((b) => b.resolution && b.resolution[0] >= 1 && b.resolution[1] >= 1);
    const smallest = (axis: 0 | 1) => sized.reduce<typeof sized[number] | undefined>(
        (best, b) => (!best || b.resolution![axis] < best.resolution![axis] ? b : best), undefined);
    const ff: FamilyFacts = { family, field, smallest: [smallest(0), smallest(1)] };
    checkKernels(ff, report);
    checkDilations(ff, report);
    checkGroups(facts, family, report);
    checkStructure(family, report);
    checkReads(facts, family, report);
}

function oddKernels(family: OpFamily): number[] {
    const explicit = [...countValues(family.kernel), ...countValues(family.kernelWidth)];
    const all = family.kernel ? explicit : [...DEFAULTS.kernels, ...explicit];
    return all.filter((k) => k % 2 === 1);
}

function checkDilations(ff: FamilyFacts, report: Reporter): void {
    const { family, field } = ff;
    if (!family.dilation || field === undefined) return;
    const kernels = oddKernels(family).filter((k) => k <= field);
    if (kernels.length === 0) return;
    const smallest = Math.min(...kernels);
    const cap = dilationCap(field, smallest);
    const items = choiceItems(family.dilation);
    const cst = items.map((i) => i.node.$cstNode);
    items.forEach((item, i) => {
        const impossible = item.values.filter((d) => d > cap);
        if (impossible.length === 0) return;
        const isRange = item.node.$type === 'IntRange';
        const low = item.values[0]!;
        const remove = !isRange && items.length > 1 ? listItemRemoval(cst, i) : undefined;
        const text = remove ? undefined : isRange ? (low < cap ? `${low} .. ${cap}` : `${cap}`) : `${cap}`;
        report.error(`dilation ${valuesText(impossible)} can never be drawn: with receptiveField ${field}, d <= (${field} + 1)/2 - (k - 1)/2 allows at most ${cap} even for the smallest kernel ${smallest} of op family ${family.name}.`,
            item.node, item.range,
            { code: IssueCodes.DilationImpossible, remove, text: isRange && low > cap ? undefined : text, label: valuesText(impossible) });
    });
}

function checkGroups(facts: SpaceFacts, family: OpFamily, report: Reporter): void {
    const { unit } = facts;
    if (unit === undefined) return;
    for (const item of choiceItems(family.groups)) {
        const bad = item.values.filter((g) => unit % g !== 0);
        if (bad.length === 0) continue;
        const divisors = Array.from({ length: Math.min(unit, 64) }, (_, i) => i + 1).filter((g) => unit % g === 0);
        report.error(`groups ${valuesText(bad)} must divide unit ${unit}: every conv has a multiple of ${unit} channels, which a group count must split evenly (allowed: ${listText(divisors)}${unit > 64 ? ', ...' : ''}).`,
            item.node, item.range, { code: IssueCodes.GroupsDivideUnit });
    }
}

function checkStructure(family: OpFamily, report: Reporter): void {
    const structure = family.structure;
    for (const property of ['paths', 'depth'] as const) {
        const range = family[property];
        if (!range) continue;
        if (structure) {
            report.error(`\`${property}\` is shorthand for \`structure\`; a family takes one or the other, not both.`,
                family, propertyRange(family, property), { code: IssueCodes.StructureConflict });
        }
        const bad = countValues(range).filter((v) => v > 2);
        if (bad.length > 0) {
            const code = property === 'paths' ? IssueCodes.StructurePaths : IssueCodes.StructureDepth;
            report.error(`${property} ${valuesText(bad)} is not possible: an op has 1 or 2 parallel paths of 1 or 2 convs each.`,
                family, propertyRange(family, property), { code });
        }
    }
    for (const item of structureItems(structure)) {
        item.depths.forEach((d, i) => {
            if (i >= 2) {
                report.error(`An op has at most 2 parallel paths after its 1x1 conv; this structure lists ${item.depths.length}.`,
                    item, propertyRange(item, 'depths', i), { code: IssueCodes.StructurePaths });
            } else if (d !== 1 && d !== 2) {
                report.error(`Each path of an op has 1 or 2 convs; ${fmt(d)} is not possible.`,
                    item, propertyRange(item, 'depths', i), { code: IssueCodes.StructureDepth });
            }
        });
        const [a, b] = item.depths;
        if (item.depths.length === 2 && (a === 1 || a === 2) && (b === 1 || b === 2) && b > a) {
            report.error(`Write the deeper path first, (${b}, ${a}): paths are unordered, and an op's conv slots (spec §2.4) give the second path a second conv only when the first path has one.`,
                item, propertyRange(item, 'depths', 1), { code: IssueCodes.StructureOrder });
        }
    }
}

/** reads x bank size must fill whole slices, so some bank sizes need an even (or larger) read count. */
function checkReads(facts: SpaceFacts, family: OpFamily, report: Reporter): void {
    const { slice } = facts;
    const users = facts.users.get(family) ?? [];
    if (slice === undefined || users.length === 0) return;
    const reads = readBounds(family);
    if (!reads) return;
    const { low, high } = reads;
    const failing: string[] = [];
    let pairs = 0;
    for (const block of users) {
        if (block.maxBanks === undefined) continue;
        for (const bs of fittingBankSizes(facts, block)) {
            pairs++;
            const step = minReads(bs, slice);
            const banks = Math.floor(block.maxBanks / bs);
            if (firstRead(reads, step, banks) === undefined) failing.push(`bank size ${bs} in block ${block.node.name} (it needs a multiple of ${step} reads, at most ${Math.min(high, banks)})`);
        }
    }
    if (failing.length === 0) return;
    const range = family.reads ? propertyRange(family, 'reads') : propertyRange(family, 'name');
    const bounds = family.reads ? `reads ${low === high ? low : `${low} .. ${high}`}` : `the default reads`;
    const message = `${bounds} of op family ${family.name} allow${family.reads ? '' : 's'} no read count for ${failing.slice(0, 3).join('; ')}${failing.length > 3 ? `; and ${failing.length - 3} more` : ''}: reads x bank size must be a multiple of slice ${slice}.`;
    if (failing.length === pairs) {
        report.error(`${message} The family can never be drawn.`, family, range, { code: IssueCodes.ReadsSlice });
    } else {
        report.warning(`${message} The family is not drawn there.`, family, range, { code: IssueCodes.ReadsSlice });
    }
}
