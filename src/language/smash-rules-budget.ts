/**
 * A block's 1x1 budget (spec §2.2-2.3): a fraction b ~ U(min, max) of `total` input channels,
 * spent in slices of D x N channels. Ops keep coming while the rest pays for the cheapest op,
 * which reads the fewest banks (a multiple of D / gcd(bs, D)) of the drawn bank size.
 */
import { isFractionBudget, type Block } from './generated/ast.js';
import { IssueCodes } from './smash-issue-codes.js';
import { DEFAULTS } from './smash-knobs.js';
import { drawableBankSizes, firstRead, minReads, readsOf, roundings, type BlockFacts, type SpaceFacts } from './smash-validator-facts.js';
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

/** The cheapest first op of the block at one bank size, as the sampler draws it. */
interface OpCost { bankSize: number; reads: number; slices: number }

/**
 * The cheapest first op of the block per drawable bank size, in slices: per family the fewest
 * reads it allows (a multiple of D / gcd(bs, D)) that the block input's banks can hold. A bank
 * size no family can read from is left out: the sampler never draws it.
 */
function opCosts(facts: SpaceFacts, block: BlockFacts): OpCost[] {
    const { unit, slice } = facts;
    if (unit === undefined || slice === undefined || block.input === undefined) return [];
    const bounds = block.families.length > 0 ? block.families.map(readsOf) : [{ low: 1, high: Infinity }];
    const costs: OpCost[] = [];
    for (const bs of drawableBankSizes(facts, block)) {
        const banks = Math.floor(block.input / (bs * unit));
        const reads = bounds.map((b) => firstRead(b, minReads(bs, slice), banks)).filter((r): r is number => r !== undefined);
        if (reads.length === 0) continue;
        const least = Math.min(...reads);
        costs.push({ bankSize: bs, reads: least, slices: (least * bs) / slice });
    }
    return costs;
}

/**
 * The sampler draws the bank size first and the budget fraction apart from it, and stops with an
 * error when the budget cannot pay for one op at the drawn bank size; so every drawable bank size
 * must be paid for by the lowest fraction.
 */
function checkBudgetSize(facts: SpaceFacts, block: BlockFacts, report: Reporter): void {
    const { unit, slice } = facts;
    const budget = block.budget;
    if (!budget || unit === undefined || slice === undefined) return;
    const costs = opCosts(facts, block);
    if (costs.length === 0) return;
    const column = unit * slice;
    // As the sampler's budgetSlices.
    const slicesAt = (b: number): number => Math.floor((b * budget.total) / column + 1e-9);
    const node = block.node.budget ?? block.node;
    const range = block.node.budget ? rangeOf(block.node.budget) : propertyRange(block.node, 'name');
    const channels = (op: OpCost): string => `${op.reads} read${op.reads > 1 ? 's' : ''} of bank size ${op.bankSize} = ${op.reads * op.bankSize * unit} channels`;
    const costOf = (op: OpCost): string => `${channels(op)} (${plural(op.slices, 'slice')} of ${column})`;
    const costIn = (op: OpCost): string => `${channels(op)}, ${plural(op.slices, 'slice')} of ${column}`;
    const which = block.node.budget ? `The budget of block ${block.node.name}` : `The default budget of block ${block.node.name} (${DEFAULTS.budget.min} .. ${DEFAULTS.budget.max} of ${budget.total} channels)`;
    const cheapest = costs.reduce((a, b) => (b.slices < a.slices ? b : a));
    if (slicesAt(budget.max) < cheapest.slices) {
        report.error(`${which} can never pay for an op: at most ${plural(slicesAt(budget.max), 'slice')}, while the cheapest op costs ${costOf(cheapest)}. Raise the budget.`,
            node, range, { code: IssueCodes.BudgetTooSmall });
        return;
    }
    const failing = costs.filter((op) => slicesAt(budget.min) < op.slices);
    if (failing.length === 0) return;
    // The fraction below which a draw cannot pay for the op.
    const least = (op: OpCost): number => (op.slices * column) / budget.total;
    const parts = failing.map((op) => slicesAt(budget.max) < op.slices
        ? `bank size ${op.bankSize} at all (at most ${plural(slicesAt(budget.max), 'slice')}; the cheapest such op costs ${costIn(op)})`
        : `bank size ${op.bankSize} when its fraction is drawn below ${fmt(Number(least(op).toPrecision(3)))} (the cheapest such op costs ${costIn(op)})`);
    const highest = Math.max(...failing.map(least));
    const sizes = failing.map((op) => op.bankSize);
    const named = `bank size${sizes.length > 1 ? 's' : ''} ${sizes.length > 1 ? `${sizes.slice(0, -1).join(', ')} and ${sizes.at(-1)}` : sizes[0]}`;
    const lower = roundUp(highest);
    const raise = lower <= budget.max ? `Raise the lower bound to ${fmt(lower)}` : 'Raise the budget';
    const fix = failing.length < costs.length ? `${raise} or leave ${named} out` : raise;
    report.error(`${which} cannot pay for an op with ${parts.join(', nor with ')}; a search that draws ${sizes.length > 1 ? 'one' : 'it'} stops with an error. ${fix}.`,
        node, range, { code: IssueCodes.BudgetTooSmall });
}

/** The smallest number of two significant digits that is at least x > 0. */
function roundUp(x: number): number {
    const step = 10 ** (Math.floor(Math.log10(x)) - 1);
    return Number((Math.ceil(x / step - 1e-9) * step).toPrecision(2));
}
