/**
 * The ranked table's columns and its sorting. Pure: no DOM.
 */
import type { RankedArchitecture } from '../../shared/protocol.js';
import { formatCount, formatPercent } from '../common/format.js';

export type ColumnId = 'rank' | 'stage' | 'score' | 'params' | 'macs' | 'testError' | 'testAccuracy';

export interface Column {
    id: ColumnId;
    title: string;
    /** What a screen reader and the header's tooltip say. */
    description: string;
    numeric: boolean;
    /** The first click sorts descending (bigger is better) or ascending. */
    descendingFirst: boolean;
    value(row: RankedArchitecture): number | string | undefined;
    text(row: RankedArchitecture): string;
}

const STAGE_ORDER = { random: 0, perturb: 1, hillclimb: 2 } as const;

export const COLUMNS: readonly Column[] = [
    { id: 'rank', title: 'Rank', description: 'Rank by SMASH score', numeric: true, descendingFirst: false, value: (r) => r.rank, text: (r) => String(r.rank) },
    {
        id: 'score', title: 'SMASH score', description: 'Validation error with HyperNet-generated weights (lower is better)', numeric: true,
        descendingFirst: false, value: (r) => r.score, text: (r) => formatPercent(r.score),
    },
    { id: 'stage', title: 'Found by', description: 'Search stage that found the architecture', numeric: false, descendingFirst: false, value: (r) => STAGE_ORDER[r.stage], text: (r) => r.stage },
    { id: 'params', title: 'Params', description: 'Parameters of the network trained from scratch', numeric: true, descendingFirst: false, value: (r) => r.params, text: (r) => formatCount(r.params) },
    { id: 'macs', title: 'MACs', description: 'Multiply-accumulates per image', numeric: true, descendingFirst: false, value: (r) => r.macs, text: (r) => formatCount(r.macs) },
    {
        id: 'testError', title: 'Test error', description: 'Test error after retraining from scratch', numeric: true, descendingFirst: false,
        value: (r) => r.retrained?.testError, text: (r) => (r.retrained ? formatPercent(r.retrained.testError) : '–'),
    },
    {
        id: 'testAccuracy', title: 'Test accuracy', description: 'Test accuracy after retraining from scratch', numeric: true, descendingFirst: true,
        value: (r) => (r.retrained ? 1 - r.retrained.testError : undefined), text: (r) => (r.retrained ? formatPercent(1 - r.retrained.testError) : '–'),
    },
];

export interface SortOrder {
    column: ColumnId;
    descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { column: 'rank', descending: false };

export function column(id: string): Column | undefined {
    return COLUMNS.find((c) => c.id === id);
}

/** Rows sorted by one column; rows without a value (not retrained) go last either way; ties keep rank order. */
export function sortRows(rows: readonly RankedArchitecture[], order: SortOrder): RankedArchitecture[] {
    const col = column(order.column) ?? COLUMNS[0]!;
    const sign = order.descending ? -1 : 1;
    return [...rows].sort((a, b) => {
        const va = col.value(a);
        const vb = col.value(b);
        if (va === undefined || vb === undefined) {
            if (va !== vb) return va === undefined ? 1 : -1;
        } else if (va !== vb) {
            return (va < vb ? -1 : 1) * sign;
        }
        return a.rank - b.rank;
    });
}

/** Clicking a header: the same column flips its direction, another starts in its natural one. */
export function nextSort(current: SortOrder, clicked: ColumnId): SortOrder {
    if (current.column === clicked) return { column: clicked, descending: !current.descending };
    return { column: clicked, descending: column(clicked)?.descendingFirst ?? false };
}

/** A stored sort order, checked: the state comes back from a previous version of the page. */
export function restoreSort(stored: { column: string; descending: boolean } | undefined): SortOrder {
    return stored && column(stored.column) ? { column: stored.column as ColumnId, descending: stored.descending === true } : DEFAULT_SORT;
}
