/**
 * The ranked table. Headers are buttons that sort (aria-sort tells the order); rows are one tab
 * stop: arrow keys, Home and End move between them, Enter or Space selects, and so does a click.
 */
import type { RankedArchitecture } from '../../shared/protocol.js';
import { h } from '../common/dom.js';
import { COLUMNS, nextSort, sortRows, type SortOrder } from './columns.js';

export interface TableOptions {
    rows: readonly RankedArchitecture[];
    order: SortOrder;
    selectedId?: string;
    onSort(order: SortOrder): void;
    onSelect(id: string): void;
}

export function renderTable(options: TableOptions): HTMLTableElement {
    const sorted = sortRows(options.rows, options.order);
    const head = h('tr', {}, ...COLUMNS.map((col) => {
        const sortedHere = options.order.column === col.id;
        const button = h('button', { type: 'button', title: col.description }, col.title, sortedHere ? (options.order.descending ? ' ▼' : ' ▲') : '');
        button.addEventListener('click', () => options.onSort(nextSort(options.order, col.id)));
        return h('th', {
            scope: 'col', class: col.numeric ? 'numeric' : undefined,
            'aria-sort': sortedHere ? (options.order.descending ? 'descending' : 'ascending') : 'none',
        }, button);
    }));
    const selectedIndex = Math.max(0, sorted.findIndex((r) => r.id === options.selectedId));
    const rows = sorted.map((row, i) => h('tr', {
        'data-id': row.id, tabindex: i === selectedIndex ? 0 : -1, 'aria-selected': row.id === options.selectedId ? 'true' : 'false',
    }, ...COLUMNS.map((col) => h('td', { class: col.numeric ? 'numeric' : undefined }, col.text(row)))));
    const body = h('tbody', {}, ...rows);
    body.addEventListener('click', (event) => {
        const tr = (event.target as Element).closest('tr');
        if (tr?.dataset.id) options.onSelect(tr.dataset.id);
    });
    body.addEventListener('keydown', (event) => {
        const tr = (event.target as Element).closest('tr');
        const index = tr ? rows.indexOf(tr) : -1;
        if (index < 0) return;
        const move = (to: number) => {
            const target = rows[Math.max(0, Math.min(rows.length - 1, to))]!;
            rows.forEach((r) => (r.tabIndex = r === target ? 0 : -1));
            target.focus();
        };
        switch (event.key) {
            case 'ArrowDown': move(index + 1); break;
            case 'ArrowUp': move(index - 1); break;
            case 'Home': move(0); break;
            case 'End': move(rows.length - 1); break;
            case 'PageDown': move(index + 10); break;
            case 'PageUp': move(index - 10); break;
            case 'Enter':
            case ' ':
                options.onSelect(tr!.dataset.id!);
                break;
            default: return;
        }
        event.preventDefault();
    });
    return h('table', { class: 'ranked', role: 'grid', 'aria-label': 'Ranked architectures', 'aria-readonly': 'true' }, h('thead', {}, head), body);
}
