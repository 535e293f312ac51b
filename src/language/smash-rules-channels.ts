/**
 * SMASH's channel arithmetic (spec §2.2, §2.8): widths in multiples of the unit N, block inputs of
 * at least maxWidth channels (the original sampler crashes when a bank is wider than the input),
 * bank sizes that can be drawn, and memories large enough to hold the input.
 *
 * The slice depth D needs no rule of its own against maxWidth / unit: the HyperNet's rows are output
 * units and its columns slices of 1x1 inputs, so only reads x bank size must fill whole slices, and
 * that is checked per bank size (bank-never-drawn, no-bank-size, reads-slice).
 */
import type { AstNode } from 'langium';
import type { OpFamily } from './generated/ast.js';
import { IssueCodes } from './smash-issue-codes.js';
import { bankSizeProblem, choiceItems, member, minReads, readBounds, roundings, type BlockFacts, type SpaceFacts } from './smash-validator-facts.js';
import { fmt, listItemRemoval, propertyRange, valuesText, type Reporter } from './smash-validator-util.js';

export function checkUnit(facts: SpaceFacts, report: Reporter): void {
    const { space, unit, maxWidth, k } = facts;
    const maxNode = member(space, 'MaxWidthDecl');
    const unitNode = member(space, 'UnitDecl');
    if (unit === undefined || maxWidth === undefined) return;
    if (maxWidth % unit !== 0) {
        if (maxNode) {
            report.error(`maxWidth must be a multiple of unit ${unit}: op outputs are whole units, so the widest op has maxWidth/unit units; ${fmt(maxWidth)} is ${fmt(maxWidth / unit)} units.`,
                maxNode, propertyRange(maxNode, 'value'), { code: IssueCodes.UnitMultiple, values: roundings(maxWidth, unit, unit), multiple: unit });
        } else if (unitNode) {
            report.error(`unit ${unit} does not divide the default maxWidth ${maxWidth}: declare a \`maxWidth\` that is a multiple of ${unit}.`,
                unitNode, propertyRange(unitNode, 'value'), { code: IssueCodes.UnitMultiple });
        }
        return;
    }
    const at = maxNode ?? unitNode;
    if (k === undefined && at) {
        report.error(`maxWidth / unit = ${fmt(maxWidth / unit)} output units is too many; at most 10000 are supported (the encoding has one row per unit).`,
            at, propertyRange(at, 'value'), { code: IssueCodes.TooManyValues });
    }
}

/** The stem and transition widths: each is the input of the block after it. */
export function checkWidths(facts: SpaceFacts, report: Reporter): void {
    const stem = member(facts.space, 'Stem');
    if (stem?.width !== undefined) checkWidth(facts, stem, 'stem width', facts.blocks[0], report);
    facts.transitions.forEach((t, i) => {
        if (t.width !== undefined) checkWidth(facts, t, 'transition width', facts.blocks[i + 1], report);
    });
}

function checkWidth(facts: SpaceFacts, node: AstNode & { width?: number }, label: string, block: BlockFacts | undefined, report: Reporter): void {
    const { unit, maxWidth } = facts;
    const width = node.width;
    if (unit === undefined || width === undefined || !Number.isSafeInteger(width) || width < 1) return;
    const range = propertyRange(node, 'width');
    const feeds = block ? `block ${block.node.name}'s input` : 'a block input';
    if (width % unit !== 0) {
        report.error(`${label} ${fmt(width)} is not a multiple of unit ${unit}: it is ${feeds}, which is split into banks of whole units.`,
            node, range, { code: IssueCodes.UnitMultiple, values: roundings(width, unit, maxWidth ?? unit), multiple: unit });
        return;
    }
    if (maxWidth !== undefined && width < maxWidth) {
        report.error(`${label} ${fmt(width)} is narrower than maxWidth ${fmt(maxWidth)}: it is ${feeds}, and the sampler needs every block input to fill a bank of up to maxWidth channels (the original code fails on narrower inputs).`,
            node, range, { code: IssueCodes.InputTooNarrow, values: [maxWidth] });
    }
}

export function checkBlock(facts: SpaceFacts, block: BlockFacts, report: Reporter): void {
    const { node, resolution, input, maxBanks } = block;
    const nameRange = propertyRange(node, 'name');
    if (resolution && (resolution[0] < 1 || resolution[1] < 1) && facts.input) {
        report.error(`Block ${node.name} would work on ${resolution[0]} x ${resolution[1]} maps: the ${facts.input.height} x ${facts.input.width} input is halved by each of the ${block.index} transitions before it. Use fewer blocks or a larger input.`,
            node, nameRange, { code: IssueCodes.ResolutionTooSmall });
    }
    const { unit } = facts;
    if (unit !== undefined && input !== undefined && maxBanks !== undefined && maxBanks * unit < input) {
        const least = Math.ceil(input / unit);
        const written = node.maxBanks !== undefined;
        report.error(`Block ${node.name} holds at most ${written ? '' : 'the default '}maxBanks ${maxBanks} x unit ${unit} = ${maxBanks * unit} channels, less than its ${input} input channels, which fill the first banks: maxBanks must be at least ${least}.`,
            node, written ? propertyRange(node, 'maxBanks') : nameRange,
            { code: IssueCodes.MaxBanksTooSmall, values: written ? [least] : undefined });
    }
    checkBankSizes(facts, block, report);
}

function checkBankSizes(facts: SpaceFacts, block: BlockFacts, report: Reporter): void {
    const { k, unit, slice, maxWidth } = facts;
    const input = block.input;
    if (k === undefined || unit === undefined || slice === undefined || input === undefined) return;
    const name = block.node.name;
    const banks = (bs: number): number => Math.floor(input / (bs * unit));
    const readsFrom = (bs: number): string => {
        const step = minReads(bs, slice);
        if (step > 1) return `a multiple of ${step} reads up to ${banks(bs)}`;
        return banks(bs) === 1 ? '1 read' : `1 to ${banks(bs)} reads`;
    };
    // Why sizes that fit cannot be drawn, as the sampler rules: too few banks for whole slices, or
    // too few for any op family's reads.
    const tooFewForSlices = (sizes: number[]): string =>
        `an op's reads must fill whole slices of slice = ${slice} units, which takes ${sizes.map((bs) => `${minReads(bs, slice)} banks of size ${bs}`).join(' and ')}, more than its ${input} input channels fill`;
    const tooFewForReads = (sizes: number[]): string =>
        `its first op reads whole slices of slice = ${slice} units from the banks its ${input} input channels fill (${sizes.map((bs) => `${banks(bs)} of size ${bs}, so ${readsFrom(bs)}`).join('; ')}), and no op family of the block allows such a read count (${block.families.map((f) => `${f.name} reads ${readsText(f)}`).join(', ')})`;
    const problems = (values: number[]) => {
        const found = values.map((bs) => bankSizeProblem(facts, block, bs));
        const having = (problem: ReturnType<typeof bankSizeProblem>): number[] => values.filter((_, i) => found[i] === problem);
        return { drawable: having(undefined), tooWide: having('tooWide'), overInput: having('overInput'), never: having('never'), noFirstRead: having('noFirstRead') };
    };

    if (!block.node.bankSize) {
        // The default 1 .. maxWidth/unit: nothing written to warn on, but the block must draw some size.
        const { drawable, never, noFirstRead } = problems(block.bankSizes);
        if (drawable.length > 0 || never.length + noFirstRead.length === 0) return;
        const why = [never.length > 0 ? tooFewForSlices(never) : '', noFirstRead.length > 0 ? tooFewForReads(noFirstRead) : ''].filter((w) => w).join('; ');
        const fix = [never.length > 0 ? "lower slice or widen the block's input" : '', noFirstRead.length > 0 ? 'lower the reads of an op family' : ''].filter((f) => f).join(', or ');
        const sizes = valuesText(block.bankSizes);
        report.error(`Block ${name} cannot draw ${block.bankSizes.length > 1 ? `any of its default bank sizes ${sizes}` : `its default bank size ${sizes}`}: ${why}. To draw one, ${fix}.`,
            block.node, propertyRange(block.node, 'name'), { code: IssueCodes.NoBankSize });
        return;
    }
    let drawable = 0;
    let valid = 0;
    let warned = false;
    const items = choiceItems(block.node.bankSize);
    const cst = items.map((item) => item.node.$cstNode);
    items.forEach((item, i) => {
        valid += item.values.length;
        const found = problems(item.values);
        drawable += found.drawable.length;
        const sizes = (values: number[]): string => `bank size${values.length > 1 ? 's' : ''} ${valuesText(values)}`;
        const isRange = item.node.$type === 'IntRange';
        // One size of a set can go with its comma; a lone value is left to the block's no-bank-size fix.
        const fix = { remove: !isRange && items.length > 1 ? listItemRemoval(cst, i) : undefined, label: sizes(item.values) };
        if (found.tooWide.length + found.overInput.length > 0) warned = true;
        if (found.tooWide.length > 0) {
            report.error(`${sizes(found.tooWide)} would be wider than maxWidth ${maxWidth}: bank sizes count units of ${unit} channels and go up to maxWidth / unit = ${k}.`,
                item.node, item.range, { code: IssueCodes.BankTooWide, ...fix });
        }
        if (found.overInput.length > 0) {
            report.error(`${sizes(found.overInput)} would be wider than block ${name}'s ${input} input channels: the input must fill at least one bank.`,
                item.node, item.range, { code: IssueCodes.BankTooWide, ...fix });
        }
        // A range is a span, like the default `1 .. maxWidth/unit`: its sizes that cannot be drawn
        // are skipped as they are without the knob. Only a size written on its own is worth a warning.
        if (isRange) return;
        for (const [never, why] of [[found.never, tooFewForSlices], [found.noFirstRead, tooFewForReads]] as const) {
            if (never.length === 0) continue;
            report.warning(`${sizes(never)} ${never.length > 1 ? 'are' : 'is'} never drawn in block ${name}: ${why(never)}.`,
                item.node, item.range, { code: IssueCodes.BankNeverDrawn, ...fix });
            warned = true;
        }
    });
    if (valid > 0 && drawable === 0) {
        const widest = Math.min(k, Math.floor(input / unit));
        const { drawable: sizes } = problems(Array.from({ length: widest }, (_, i) => i + 1));
        const fix = sizes.length > 0 ? `keep at least one of the sizes it can draw, ${valuesText(sizes)}`
            : `no bank size up to ${widest} can be drawn with slice = ${slice} and the reads of its op families; lower slice or the reads`;
        // A range's undrawable sizes get no message of their own (see above), so then say why here.
        const why = warned ? 'see the messages on them' : `its first op must read whole slices of slice = ${slice} units from the banks its ${input} input channels fill, in a number one of its op families reads`;
        report.error(`Block ${name} can draw none of its bank sizes (${why}): ${fix}.`,
            block.node, propertyRange(block.node, 'bankSize'),
            { code: IssueCodes.NoBankSize, text: sizes.length === 0 ? undefined : sizes.length === 1 ? `${sizes[0]}` : `{${sizes.join(', ')}}` });
    }
}

/** `2` or `2 .. 4`: the reads of a family that has written valid bounds. */
function readsText(family: OpFamily): string {
    const { low, high } = readBounds(family)!;
    return low === high ? `${low}` : `${low} .. ${high}`;
}
