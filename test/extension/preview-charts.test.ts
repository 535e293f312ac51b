import { describe, expect, test } from 'vitest';
import type { KnobStats } from '../../src/engine/space/sample-stats.js';
import { CHART, histogramBars, knobRows, markerX } from '../../src/webview/preview/charts.js';

const at = (character: number) => ({ uri: 'file:///tiny.smash', range: { start: { line: 9, character }, end: { line: 9, character: character + 1 } } });

describe('preview charts', () => {
    test('histogram bars fill the width, the tallest bin reaches the top, an empty bin has no height', () => {
        const bars = histogramBars([2, 4, 0, 1], 100, 40);
        expect(bars.map((b) => b.x)).toEqual([0, 25, 50, 75]);
        expect(bars.map((b) => b.height)).toEqual([20, 40, 0, 10]);
        expect(bars.map((b) => b.y)).toEqual([20, 0, 40, 30]);
    });

    test('the marker of a value sits at its place between min and max', () => {
        expect(markerX({ lo: 10, hi: 20, counts: [1] }, 15, 200)).toBe(100);
        expect(markerX({ lo: 10, hi: 10, counts: [1] }, 10, 200)).toBe(0);
    });

    test('one row per knob value: its share, bar length and the source it reveals', () => {
        const knob: KnobStats = { scope: 'op small', knob: 'dilation', draws: 8, values: [{ value: '1', count: 6, at: at(40) }, { value: '2', count: 2, at: at(43) }, { value: '3', count: 0, at: at(46) }] };
        const rows = knobRows(knob);
        expect(rows.map((r) => [r.value, r.text, r.length])).toEqual([['1', '75.0 %', 0.75 * CHART.bar], ['2', '25.0 %', 0.25 * CHART.bar], ['3', '0.0 %', 0]]);
        expect(rows[1]!.target).toEqual({ source: at(43), label: 'dilation 2 of op small' });
    });
});
