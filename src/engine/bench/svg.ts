/**
 * A self-contained SVG scatter plot with a least-squares line, axes, ticks and labels, for the
 * correlation report (no plotting dependency). A point may carry the individual values it is the
 * mean of (one per retraining seed): they are drawn as a vertical whisker with a tick at each. Axis domains are widened to "nice" tick values
 * (1, 2 or 5 times a power of ten), and the first and last ticks sit on the plot area's edges.
 */
import { leastSquares } from './analysis.js';

export interface ScatterPoint {
    x: number;
    y: number;
    /** Tooltip text. */
    label?: string;
    /** Hollow points: retrained but not part of the fitted set. */
    hollow?: boolean;
    /** The y values this point's y summarises (each seed's error): a whisker from the lowest to the highest, a tick at each. */
    values?: number[];
}

export interface ScatterOptions {
    title: string;
    xLabel: string;
    yLabel: string;
    width?: number;
    height?: number;
}

const MARGIN = { left: 64, right: 20, top: 36, bottom: 52 };

/** Ticks covering [min, max] with about `count` steps of a nice size; the ends are multiples of the step. */
export function niceTicks(min: number, max: number, count = 5): number[] {
    if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`niceTicks needs finite bounds, got ${min} .. ${max}`);
    if (min === max) {
        const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
        return niceTicks(min - pad, max + pad, count);
    }
    const raw = (max - min) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
    const first = Math.floor(min / step + 1e-9);
    const last = Math.ceil(max / step - 1e-9);
    // Rounded to the step's decimals so labels do not show float noise (0.30000000000000004).
    const decimals = Math.max(0, -Math.floor(Math.log10(step)));
    return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(decimals)));
}

export interface Axis {
    ticks: number[];
    /** Data value -> pixel. */
    at: (value: number) => number;
}

function axis(values: number[], from: number, to: number): Axis {
    const ticks = niceTicks(Math.min(...values), Math.max(...values));
    const lo = ticks[0]!;
    const hi = ticks[ticks.length - 1]!;
    return { ticks, at: (v) => from + ((v - lo) / (hi - lo)) * (to - from) };
}

/** The pixel axes a plot of `points` uses (exported so tests can check placement). */
export function plotAxes(points: readonly ScatterPoint[], width: number, height: number): { x: Axis; y: Axis } {
    return {
        x: axis(points.map((p) => p.x), MARGIN.left, width - MARGIN.right),
        // SVG y grows downwards: the lowest value sits at the bottom edge.
        y: axis(points.flatMap((p) => [p.y, ...(p.values ?? [])]), height - MARGIN.bottom, MARGIN.top),
    };
}

export function scatterSvg(points: readonly ScatterPoint[], options: ScatterOptions): string {
    if (points.length === 0) throw new RangeError('scatterSvg needs at least one point');
    const width = options.width ?? 560;
    const height = options.height ?? 400;
    const { x, y } = plotAxes(points, width, height);
    const left = MARGIN.left;
    const right = width - MARGIN.right;
    const top = MARGIN.top;
    const bottom = height - MARGIN.bottom;
    const f = (n: number) => Number(n.toFixed(2)).toString();
    const out: string[] = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
        `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
        `<text x="${f(width / 2)}" y="20" text-anchor="middle" font-size="13">${escapeXml(options.title)}</text>`,
        `<g class="grid" stroke="#e4e4e4">`,
        ...x.ticks.map((t) => `<line x1="${f(x.at(t))}" y1="${top}" x2="${f(x.at(t))}" y2="${bottom}"/>`),
        ...y.ticks.map((t) => `<line x1="${left}" y1="${f(y.at(t))}" x2="${right}" y2="${f(y.at(t))}"/>`),
        `</g>`,
        `<g class="axes" stroke="black"><line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/><line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/></g>`,
        `<g class="x-ticks" text-anchor="middle">`,
        ...x.ticks.map((t) => `<text x="${f(x.at(t))}" y="${bottom + 16}">${t}</text>`),
        `</g>`,
        `<g class="y-ticks" text-anchor="end">`,
        ...y.ticks.map((t) => `<text x="${left - 6}" y="${f(y.at(t) + 4)}">${t}</text>`),
        `</g>`,
        `<text class="x-label" x="${f((left + right) / 2)}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
        `<text class="y-label" transform="translate(16 ${f((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
    ];
    const fitted = points.filter((p) => !p.hollow);
    const fit = leastSquares(fitted.map((p) => p.x), fitted.map((p) => p.y));
    if (fitted.length >= 2 && Number.isFinite(fit.slope)) {
        const x0 = Math.min(...fitted.map((p) => p.x));
        const x1 = Math.max(...fitted.map((p) => p.x));
        out.push(`<line class="fit" x1="${f(x.at(x0))}" y1="${f(y.at(fit.slope * x0 + fit.intercept))}" x2="${f(x.at(x1))}" y2="${f(y.at(fit.slope * x1 + fit.intercept))}" stroke="#d62728" stroke-width="1.5"/>`);
    }
    out.push(`<g class="seeds" stroke="#7f7f7f">`);
    for (const p of points.filter((q) => q.values && q.values.length > 0)) {
        const cx = x.at(p.x);
        const values = p.values!;
        out.push(`<line x1="${f(cx)}" y1="${f(y.at(Math.min(...values)))}" x2="${f(cx)}" y2="${f(y.at(Math.max(...values)))}"/>`);
        for (const v of values) out.push(`<line class="seed" x1="${f(cx - 4)}" y1="${f(y.at(v))}" x2="${f(cx + 4)}" y2="${f(y.at(v))}"/>`);
    }
    out.push(`</g>`, `<g class="points">`);
    for (const p of points) {
        const style = p.hollow ? 'fill="none" stroke="#1f77b4"' : 'fill="#1f77b4"';
        const title = p.label ? `<title>${escapeXml(p.label)}</title>` : '';
        out.push(`<circle cx="${f(x.at(p.x))}" cy="${f(y.at(p.y))}" r="3.5" ${style}>${title}</circle>`);
    }
    out.push(`</g>`, `</svg>`);
    return out.join('\n') + '\n';
}

export function escapeXml(text: string): string {
    return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
