import { describe, expect, test } from 'vitest';
import { formatCount, formatDuration, formatNumber, formatPercent, formatRate } from '../../src/webview/common/format.js';
import { COLUMNS, DEFAULT_SORT, nextSort, restoreSort, sortRows } from '../../src/webview/results/columns.js';
import { ranked } from './fixtures.js';

const uri = 'file:///tiny.smash';
// Ranks 1..4: scores ascending; retrained test errors for ranks 1 and 3 only.
const rows = [ranked(uri, 3, 0.3, 0.25), ranked(uri, 1, 0.2, 0.3), ranked(uri, 4, 0.4), ranked(uri, 2, 0.25)];
const ranks = (list: { rank: number }[]) => list.map((r) => r.rank);

describe('sorting the ranked table', () => {
    test('by rank by default, either direction', () => {
        expect(ranks(sortRows(rows, DEFAULT_SORT))).toEqual([1, 2, 3, 4]);
        expect(ranks(sortRows(rows, { column: 'rank', descending: true }))).toEqual([4, 3, 2, 1]);
    });

    test('rows without a retrained error go last in both directions', () => {
        expect(ranks(sortRows(rows, { column: 'testError', descending: false }))).toEqual([3, 1, 2, 4]);
        expect(ranks(sortRows(rows, { column: 'testError', descending: true }))).toEqual([1, 3, 2, 4]);
        expect(ranks(sortRows(rows, { column: 'testAccuracy', descending: true }))).toEqual([3, 1, 2, 4]);
    });

    test('equal values keep rank order; the input is not mutated', () => {
        const copy = [...rows];
        expect(ranks(sortRows(rows, { column: 'stage', descending: false }))).toEqual([1, 3, 2, 4]);
        expect(rows).toEqual(copy);
    });

    test('a header click flips its own column, and starts another in its natural direction', () => {
        expect(nextSort(DEFAULT_SORT, 'rank')).toEqual({ column: 'rank', descending: true });
        expect(nextSort(DEFAULT_SORT, 'params')).toEqual({ column: 'params', descending: false });
        expect(nextSort(DEFAULT_SORT, 'testAccuracy')).toEqual({ column: 'testAccuracy', descending: true });
    });

    test('a stored order is checked before use', () => {
        expect(restoreSort({ column: 'macs', descending: true })).toEqual({ column: 'macs', descending: true });
        expect(restoreSort({ column: 'nonsense', descending: true })).toEqual(DEFAULT_SORT);
        expect(restoreSort(undefined)).toEqual(DEFAULT_SORT);
    });

    test('cells show missing values as a dash', () => {
        const testError = COLUMNS.find((c) => c.id === 'testError')!;
        expect(testError.text(rows[0]!)).toBe('25.0 %');
        expect(testError.text(rows[2]!)).toBe('–');
        expect(COLUMNS.find((c) => c.id === 'testAccuracy')!.text(rows[0]!)).toBe('75.0 %');
    });
});

describe('formatting', () => {
    test('counts', () => {
        expect(formatCount(812)).toBe('812');
        expect(formatCount(9_999)).toBe('9,999');
        expect(formatCount(12_345)).toBe('12.3 k');
        expect(formatCount(1_234_567)).toBe('1.23 M');
        expect(formatCount(3.4e9)).toBe('3.40 G');
        expect(formatCount(NaN)).toBe('–');
    });

    test('percentages, numbers, rates and durations', () => {
        expect(formatPercent(0.1234)).toBe('12.3 %');
        expect(formatPercent(undefined)).toBe('–');
        expect(formatNumber(2.345678)).toBe('2.346');
        expect(formatNumber(1e-4)).toBe('1.00e-4');
        expect(formatNumber(0)).toBe('0');
        expect(formatRate(1234.5)).toBe('1235 img/s');
        expect(formatRate(12.34)).toBe('12.3 img/s');
        expect(formatDuration(42)).toBe('42 s');
        expect(formatDuration(12 * 60)).toBe('12 min');
        expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 05 min');
        expect(formatDuration(-1)).toBe('–');
    });
});
