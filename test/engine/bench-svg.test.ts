/** The report's scatter plot, drawn by our own code. */
import { describe, expect, test } from 'vitest';
import { escapeXml, niceTicks, plotAxes, scatterSvg } from '../../src/engine/bench/svg.js';

const attr = (tag: string, name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(tag)![1]);

describe('ticks', () => {
    test('nice steps that cover the range, without float noise', () => {
        expect(niceTicks(0.13, 0.92)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
        expect(niceTicks(12, 47)).toEqual([10, 20, 30, 40, 50]);
        expect(niceTicks(0.1, 0.3)).toContain(0.3);
        expect(niceTicks(5, 5).length).toBeGreaterThan(1);
        expect(() => niceTicks(NaN, 1)).toThrow(/finite/);
    });
});

describe('scatter plot', () => {
    const points = [{ x: 10, y: 20 }, { x: 30, y: 25 }, { x: 50, y: 40, label: 'a<b & "c"' }, { x: 20, y: 35, hollow: true }];
    const svg = scatterSvg(points, { title: 'score & error', xLabel: 'score (%)', yLabel: 'error (%)' });

    test('is one well-formed svg element with balanced tags and escaped text', () => {
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg.trim().endsWith('</svg>')).toBe(true);
        for (const tag of ['g', 'text', 'circle', 'title']) {
            const open = svg.match(new RegExp(`<${tag}[ >]`, 'g'))?.length ?? 0;
            const close = svg.match(new RegExp(`</${tag}>`, 'g'))?.length ?? 0;
            expect(close, tag).toBe(open);
        }
        expect(svg).toContain('score &amp; error');
        expect(svg).toContain('a&lt;b &amp; &quot;c&quot;');
        expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    });

    test('places each point at its data position on the axes', () => {
        const { x, y } = plotAxes(points, 560, 400);
        const circles = svg.match(/<circle [^>]*>/g)!;
        expect(circles).toHaveLength(4);
        circles.forEach((c, i) => {
            expect(attr(c, 'cx')).toBeCloseTo(x.at(points[i]!.x), 1);
            expect(attr(c, 'cy')).toBeCloseTo(y.at(points[i]!.y), 1);
        });
        // Bigger x to the right, bigger y upwards; the first and last ticks on the plot edges.
        expect(attr(circles[1]!, 'cx')).toBeGreaterThan(attr(circles[0]!, 'cx'));
        expect(attr(circles[1]!, 'cy')).toBeLessThan(attr(circles[0]!, 'cy'));
        expect(x.at(x.ticks[0]!)).toBe(64);
        expect(y.at(y.ticks[0]!)).toBe(400 - 52);
        expect(circles[3]).toContain('fill="none"');
    });

    test('the fit line runs through the filled points only', () => {
        const line = svg.match(/<line class="fit"[^>]*>/)![0];
        const { x, y } = plotAxes(points, 560, 400);
        // Least squares over (10,20), (30,25), (50,40): slope 0.5, intercept 13.33.
        expect(attr(line, 'x1')).toBeCloseTo(x.at(10), 1);
        expect(attr(line, 'y1')).toBeCloseTo(y.at(0.5 * 10 + 40 / 3), 1);
        expect(attr(line, 'y2')).toBeCloseTo(y.at(0.5 * 50 + 40 / 3), 1);
    });

    test('tick labels are the tick values', () => {
        const labels = [...svg.matchAll(/<g class="x-ticks"[^>]*>([\s\S]*?)<\/g>/g)][0]![1]!.match(/>([-\d.]+)</g)!.map((t) => Number(t.slice(1, -1)));
        expect(labels).toEqual(niceTicks(10, 50));
        expect(escapeXml("it's")).toBe('it&apos;s');
    });
});

describe('seed whiskers', () => {
    const points = [{ x: 10, y: 20, values: [18, 22] }, { x: 30, y: 25, values: [25, 25] }, { x: 50, y: 40, values: [30, 50] }];
    const svg = scatterSvg(points, { title: 't', xLabel: 'x', yLabel: 'y' });

    test('the y axis covers every seed, not only the means', () => {
        const { y } = plotAxes(points, 560, 400);
        expect(y.ticks[0]).toBeLessThanOrEqual(18);
        expect(y.ticks[y.ticks.length - 1]).toBeGreaterThanOrEqual(50);
    });

    test('a whisker from the lowest to the highest seed and a tick at each seed, at the point\'s x', () => {
        const { x, y } = plotAxes(points, 560, 400);
        const group = /<g class="seeds"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!;
        const lines = group.match(/<line [^>]*>/g)!;
        // Per point: 1 whisker + 2 ticks.
        expect(lines).toHaveLength(9);
        const whisker = lines[6]!;
        expect(attr(whisker, 'x1')).toBeCloseTo(x.at(50), 1);
        expect(attr(whisker, 'y1')).toBeCloseTo(y.at(30), 1);
        expect(attr(whisker, 'y2')).toBeCloseTo(y.at(50), 1);
        const ticks = lines.slice(7);
        expect(ticks.map((t) => attr(t, 'y1'))).toEqual([30, 50].map((v) => Number(y.at(v).toFixed(2))));
        expect(ticks.every((t) => t.includes('class="seed"'))).toBe(true);
    });
});
