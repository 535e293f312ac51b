/**
 * The preview's small charts, as SVG built with DOM APIs: histograms (params, MACs, ops per block)
 * and one bar per knob value. The geometry is pure (histogramBars, knobRows) so tests check it
 * without a DOM. A knob value's row is a button that selects the value's text in the editor.
 */
import type { Histogram, KnobStats } from '../../engine/space/sample-stats.js';
import type { RevealTarget } from '../common/layout.js';
import { onActivate, s } from '../common/dom.js';

export const CHART = { width: 240, height: 64, row: 18, label: 64, bar: 120 } as const;

export interface Bar {
    x: number;
    y: number;
    width: number;
    height: number;
    count: number;
}

/** Vertical bars filling CHART.width, heights relative to the tallest bin; `marker`: x of a value within [lo, hi]. */
export function histogramBars(counts: readonly number[], width: number = CHART.width, height: number = CHART.height): Bar[] {
    const tallest = Math.max(1, ...counts);
    const step = width / Math.max(1, counts.length);
    return counts.map((count, i) => {
        const h = (count / tallest) * height;
        return { x: i * step, y: height - h, width: Math.max(1, step - 1), height: h, count };
    });
}

export function markerX(histogram: Histogram, value: number, width: number = CHART.width): number {
    return histogram.hi === histogram.lo ? 0 : ((value - histogram.lo) / (histogram.hi - histogram.lo)) * width;
}

export interface KnobRow {
    value: string;
    /** Fraction of the knob's draws, 0 when it has none. */
    share: number;
    /** Bar length in px, CHART.bar for a share of 1. */
    length: number;
    text: string;
    target: RevealTarget;
}

export function knobRows(knob: KnobStats): KnobRow[] {
    return knob.values.map((v) => {
        const share = knob.draws === 0 ? 0 : v.count / knob.draws;
        return {
            value: v.value, share, length: share * CHART.bar, text: `${(share * 100).toFixed(1)} %`,
            target: { source: v.at, label: `${knob.knob} ${v.value} of ${knob.scope}` },
        };
    });
}

export function renderHistogram(title: string, counts: readonly number[], lowLabel: string, highLabel: string, marker?: number): SVGSVGElement {
    const { width, height } = CHART;
    const svg = s('svg', { class: 'histogram', width, height: height + 16, viewBox: `0 0 ${width} ${height + 16}`, role: 'img', 'aria-label': title });
    for (const bar of histogramBars(counts)) {
        svg.append(s('rect', { class: 'bin', x: bar.x, y: bar.y, width: bar.width, height: bar.height }, s('title', {}, String(bar.count))));
    }
    if (marker !== undefined) svg.append(s('line', { class: 'marker', x1: marker, x2: marker, y1: 0, y2: height }));
    svg.append(
        s('text', { class: 'axis', x: 0, y: height + 12 }, lowLabel),
        s('text', { class: 'axis', x: width, y: height + 12, 'text-anchor': 'end' }, highLabel),
    );
    return svg;
}

export function renderKnob(knob: KnobStats, reveal: (target: RevealTarget) => void): SVGSVGElement {
    const rows = knobRows(knob);
    const { row, label, bar } = CHART;
    const width = label + bar + 56;
    const svg = s('svg', { class: 'knob', width, height: rows.length * row, viewBox: `0 0 ${width} ${rows.length * row}`, role: 'group', 'aria-label': `${knob.scope} ${knob.knob}` });
    rows.forEach((r, i) => {
        const y = i * row;
        const g = s('g', { class: `knob-value${r.share === 0 ? ' never' : ''}`, role: 'button', tabindex: 0, 'aria-label': `Show ${r.target.label} in the .smash file (${r.text} of draws)` },
            s('title', {}, `${r.target.label}: ${r.text} of ${knob.draws} draws; click to show it in the .smash file`),
            s('rect', { class: 'hit', x: 0, y, width, height: row }),
            s('text', { class: 'value', x: label - 6, y: y + row / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' }, r.value),
            s('rect', { class: 'bar', x: label, y: y + 3, width: Math.max(r.length, 1), height: row - 6 }),
            s('text', { class: 'share', x: label + bar + 4, y: y + row / 2, 'dominant-baseline': 'central' }, r.text));
        onActivate(g, () => reveal(r.target));
        svg.append(g);
    });
    return svg;
}
