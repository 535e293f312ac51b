/**
 * Sets of values and weighted choices: no value twice, weights on all items or none, and for
 * `structure` and `activation` a note when explicit weights do not sum to 1.
 *
 * Weights are relative everywhere (the engine normalises them, see Choice in engine/space/space.ts), so
 * a sum other than 1 is legal. It is still worth a warning for `structure` and `activation`, whose
 * weights read like the probabilities of the paper's Fig. 2 variable op: the warning states the
 * probabilities the engine will actually use. Value sets and `ops` weights are plainly relative
 * (`basic: 2, wide: 1`), so they get no such warning.
 */
import type { AstNode, CstNode } from 'langium';
import { isActivationSet, isBlock, isNoAugmentation, isRetrain, isSingleActivation, isStructureSet, isTrain, isValueSet } from './generated/ast.js';
import { IssueCodes } from './smash-issue-codes.js';
import { writtenTwice } from './smash-names.js';
import { fmt, listItemRemoval, listText, propertyRange, rangeOf, type Reporter } from './smash-validator-util.js';

interface Item { node: AstNode; key: string | undefined; label: string; weight?: number }
interface ItemSet { items: Item[]; what: string; sum: boolean }

function itemsOf(node: AstNode): ItemSet | undefined {
    if (isValueSet(node)) {
        return {
            what: 'value', sum: false,
            items: node.items.map((i) => ({ node: i, key: i.value === undefined ? undefined : String(i.value), label: i.value === undefined ? '?' : fmt(i.value), weight: i.weight })),
        };
    }
    if (isStructureSet(node)) {
        return {
            what: 'structure', sum: true,
            items: node.items.map((i) => ({ node: i, key: i.depths.join(','), label: `(${i.depths.join(', ')})`, weight: i.weight })),
        };
    }
    if (isActivationSet(node) || isSingleActivation(node)) {
        const items = isActivationSet(node) ? node.items : node.item ? [node.item] : [];
        return { what: 'activation', sum: true, items: items.map((i) => ({ node: i, key: i.fn, label: i.fn ?? '?', weight: i.weight })) };
    }
    if (isBlock(node)) {
        return { what: 'op family', sum: false, items: node.ops.map((r) => ({ node: r, key: undefined, label: r.op?.$refText ?? '?', weight: r.weight })) };
    }
    return undefined;
}

export function checkSet(node: AstNode, report: Reporter): void {
    const set = itemsOf(node);
    if (!set || set.items.length === 0) return;
    const { items, what } = set;
    const cst: (CstNode | undefined)[] = items.map((i) => i.node.$cstNode);
    const seen = new Set<string>();
    items.forEach((item, i) => {
        if (item.key === undefined) return;
        if (!seen.has(item.key)) {
            seen.add(item.key);
            return;
        }
        report.error(`${item.label} is already in this set: each ${what} appears once (raise its weight to draw it more often).`,
            item.node, valueRange(item.node), { code: IssueCodes.DuplicateValue, label: item.label, remove: listItemRemoval(cst, i) });
    });
    const weighted = items.filter((i) => i.weight !== undefined);
    if (weighted.length > 0 && weighted.length < items.length) {
        for (const item of items) {
            if (item.weight !== undefined) continue;
            report.error(`${item.label} has no weight while ${weighted.length} of the ${items.length} items of this set have one: give every ${what} a weight, or none (then all are equally likely).`,
                item.node, valueRange(item.node), { code: IssueCodes.WeightsPartial });
        }
        return;
    }
    if (!set.sum || weighted.length === 0) return;
    const weights = items.map((i) => i.weight!);
    if (!weights.every((w) => Number.isFinite(w) && w > 0)) return;
    const sum = weights.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) <= 1e-9) return;
    const odds = items.map((item, i) => `${item.label} ${fmt(weights[i]! / sum)}`).join(', ');
    report.warning(`The ${what} weights sum to ${fmt(sum)}, not 1. Weights are relative, so the engine draws ${odds}.`,
        node, rangeOf(node), { code: IssueCodes.WeightsSum });
}

/** The value of an item without its weight: `5` of `5: 0.3`, the family name of `basic: 2`. */
function valueRange(item: AstNode): ReturnType<typeof rangeOf> {
    switch (item.$type) {
        case 'WeightedValue': return propertyRange(item, 'value');
        case 'ActivationChoice': return propertyRange(item, 'fn');
        case 'OpRef': return propertyRange(item, 'op');
        default: return rangeOf(item);
    }
}

/**
 * `augment crop 2, crop 4`: the first crop counts. `augment none, flip`: `none` turns augmentation
 * off, so it stands alone; the fixes drop `none` or keep only it.
 */
export function checkAugmentations(node: AstNode, report: Reporter): void {
    if (!isTrain(node) && !isRetrain(node)) return;
    const augment = node.augment;
    const cst = augment.map((a) => a.$cstNode);
    const seen = new Set<string>();
    augment.forEach((a, i) => {
        const kind = a.kind;
        if (!kind) return;
        if (!seen.has(kind)) {
            seen.add(kind);
            return;
        }
        report.error(writtenTwice(kind, '`augment`'),
            a, rangeOf(a), { code: IssueCodes.DuplicateValue, label: kind, remove: listItemRemoval(cst, i) });
    });
    const none = augment.findIndex(isNoAugmentation);
    const others = augment.filter((a) => !isNoAugmentation(a));
    if (none < 0 || others.length === 0) return;
    const first = cst[0];
    const last = cst.at(-1);
    const labels = others.map((a) => `\`${(a.$cstNode?.text ?? a.kind).replace(/\s+/g, ' ')}\``);
    report.error(`\`none\` turns augmentation off; it cannot be combined with ${listText(labels)}. Write \`none\` alone, or leave it out.`,
        augment[none]!, rangeOf(augment[none]), {
            code: IssueCodes.AugmentNoneCombined, label: 'none', remove: listItemRemoval(cst, none), text: 'none',
            list: first && last ? { start: first.range.start, end: last.range.end } : undefined,
        });
}
