/**
 * A block's 1x1 budget (spec §2.2-2.3): a fraction b ~ U(min, max) of `total` input channels,
 * spent in slices of D x N channels. Ops keep coming while the rest pays for the cheapest op,
 * which reads the fewest banks (a multiple of D / gcd(bs, D)) of the smallest drawable size.
 */
import { isFractionBudget, type Block } from './generated/ast.js';
import { boundsOf } from './smash-choices.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DEFAULTS } from './smash-knobs.js';
import { drawableBankSizes, minReads, roundings, type BlockFacts, type SpaceFacts } from './smash-validator-facts.js';
import { fmt, isCount, plural, propertyNode, propertyRange, rangeOf, type Reporter } from './smash-validator-util.js';

export function checkBudget(facts: SpaceFacts, block: BlockFacts, report: Reporter): void {
    const budget = block.node.budget;
    if (isFractionBudget(budget)) {
        const { min, max } = budget;
        const fractions = [min, max].every((v) => typeof v === 'number' && v > 0 && v <= 1);
        if (fractions && max < min) {
            const low = propertyNode(budget, 'min');
            const high = propertyNode(budget, 'max');
            report.error(`The budget range ${fmt(min)} .. ${fmt(max)} is empty: the smaller fraction comes first (write ${fmt(max)} .. ${fmt(min)}).`,
                budget, low && high ? { start: low.range.start, end: high.range.end } : rangeOf(budget),
                { code: IssueCodes.InvertedRange, swap: low && high ? { low: low.range, high: high.range } : undefined });
        }
        const start = budget.anneal?.start;
        if (fractions && max >= min && typeof start === 'number' && start > 0 && start <= 1 && (start < min || start > max)) {
            report.error(`The annealed upper bound starts at ${fmt(start)}, outside the budget range ${fmt(min)} .. ${fmt(max)}: it grows from its start to max, so it must lie between min and max.`,
                budget.anneal!, propertyRange(budget.anneal!, 'start'), { code: IssueCodes.AnnealStart });
        }
        if (budget.total !== undefined) checkSliceMultiple(facts, budget, 'total', budget.total, report);
    } else if (budget) {
        checkSliceMultiple(facts, budget, 'channels', budget.channels, report);
    }
    checkBudgetSize(facts, block, report);
}

function checkSliceMultiple(facts: SpaceFacts, node: NonNullable<Block['budget']>, property: 'total' | 'channels', value: number, report: Reporter): void {
    const { unit, slice } = facts;
    if (unit === undefined || slice === undefined || !isCount(value)) return;
    const column = unit * slice;
    if (value % column === 0) return;
    report.error(`A budget of ${fmt(value)} channels is not a multiple of slice x unit = ${slice} x ${unit} = ${column}: the budget is spent in whole slices of ${column} input channels.`,
        node, propertyRange(node, property), { code: IssueCodes.SliceMultiple, values: roundings(value, column, column), multiple: column });
}

/** The cheapest op of the block in slices, over its drawable bank sizes and the read bounds of its families. */
function cheapestOp(facts: SpaceFacts, block: BlockFacts): { slices: number; bankSize: number; reads: number } | undefined {
    const slice = facts.slice!;
    const lows = block.families.map((f) => {
        const low = f.reads ? boundsOf(f.reads).low : undefined;
        return isCount(low) ? low : 1;
    });
    const lowestRead = lows.length > 0 ? Math.min(...lows) : 1;
    let best: { slices: number; bankSize: number; reads: number } | undefined;
    for (const bs of drawableBankSizes(facts, block)) {
        const step = minReads(bs, slice);
        const reads = Math.ceil(lowestRead / step) * step;
        const slices = (reads * bs) / slice;
        if (!best || slices < best.slices) best = { slices, bankSize: bs, reads };
    }
    return best;
}

function checkBudgetSize(facts: SpaceFacts, block: BlockFacts, report: Reporter): void {
    const { unit, slice } = facts;
    const budget = block.budget;
    if (!budget || unit === undefined || slice === undefined) return;
    const cheapest = cheapestOp(facts, block);
    if (!cheapest) return;
    const column = unit * slice;
    const slicesAt = (b: number): number => Math.floor((b * budget.total) / column);
    const node = block.node.budget ?? block.node;
    const range = block.node.budget ? rangeOf(block.node.budget) : propertyRange(block.node, 'name');
    const cost = `${cheapest.reads} read${cheapest.reads > 1 ? 's' : ''} of bank size ${cheapest.bankSize} = ${cheapest.reads * cheapest.bankSize * unit} channels (${plural(cheapest.slices, 'slice')} of ${column})`;
    const which = block.node.budget ? `The budget of block ${block.node.name}` : `The default budget of block ${block.node.name} (${DEFAULTS.budget.min} .. ${DEFAULTS.budget.max} of ${budget.total} channels)`;
    if (slicesAt(budget.max) < cheapest.slices) {
        report.error(`${which} can never pay for an op: at most ${plural(slicesAt(budget.max), 'slice')}, while the cheapest op costs ${cost}. Raise the budget.`,
            node, range, { code: IssueCodes.BudgetTooSmall });
    } else if (slicesAt(budget.min) < cheapest.slices) {
        const least = (cheapest.slices * column) / budget.total;
        report.warning(`Block ${block.node.name} gets no op at all when its budget fraction is drawn below ${fmt(least)}: the cheapest op costs ${cost}, and ${fmt(budget.min)} x ${budget.total} channels pays for only ${plural(slicesAt(budget.min), 'slice')}.`,
            node, range, { code: IssueCodes.BudgetTooSmall });
    }
}
