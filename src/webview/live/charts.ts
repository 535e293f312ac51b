/**
 * The live panel's curves (Chart.js on canvas). Only the parts of Chart.js in use are registered,
 * which keeps the bundle small. Colours come from the theme and are re-applied when it changes;
 * validation curves are dashed so that they differ by more than colour.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import { themeColors, type ThemeColors } from '../common/theme.js';
import type { Point } from './model.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface SeriesSpec {
    label: string;
    data: Point[];
    dashed?: boolean;
    /** Draw a dot at each point (sparse series such as per-epoch values). */
    points?: boolean;
}

export interface Axes {
    x: string;
    y: string;
    /** x is the fraction of training done: the axis spans all of it, 0 to 100 %, from the start. */
    xFraction?: boolean;
    /** x counts epochs: whole numbers only. */
    xEpochs?: boolean;
    /** y values are fractions shown as percentages. */
    yPercent?: boolean;
}

const percent = (value: number | string) => `${Math.round(Number(value) * 100)} %`;

export class LineChart {
    private readonly chart: Chart<'line', Point[]>;

    constructor(canvas: HTMLCanvasElement, private readonly axes: Axes) {
        this.chart = new Chart(canvas, {
            type: 'line',
            data: { datasets: [] },
            options: {
                animation: false,
                parsing: false,
                normalized: true,
                responsive: true,
                maintainAspectRatio: false,
                interaction: { mode: 'nearest', intersect: false },
                scales: {
                    x: { type: 'linear', ...(axes.xFraction ? { min: 0, max: 1 } : axes.xEpochs ? { suggestedMin: 0 } : {}) },
                    y: { type: 'linear' },
                },
                plugins: {
                    legend: { position: 'bottom' },
                    tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${this.format(item.parsed.y ?? NaN)}` } },
                },
            },
        });
        this.applyTheme();
    }

    /** Points the chart at the given arrays (they are shared, not copied) and redraws. */
    setSeries(series: SeriesSpec[]): void {
        const colors = themeColors();
        this.chart.data.datasets = series.map((spec, i): ChartDataset<'line', Point[]> => ({
            label: spec.label,
            data: spec.data,
            borderColor: colors.series[i % colors.series.length],
            backgroundColor: colors.series[i % colors.series.length],
            borderWidth: colors.highContrast ? 3 : 2,
            borderDash: spec.dashed ? [6, 4] : [],
            pointRadius: spec.points ? 3 : 0,
            tension: 0,
        }));
        this.chart.update('none');
    }

    /** Redraws after the shared arrays grew. */
    refresh(): void {
        this.chart.update('none');
    }

    applyTheme(): void {
        const colors: ThemeColors = themeColors();
        const options = this.chart.options;
        options.color = colors.foreground;
        options.borderColor = colors.grid;
        Chart.defaults.font.family = getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim() || Chart.defaults.font.family;
        for (const axis of ['x', 'y'] as const) {
            const scale = options.scales![axis]!;
            const asPercent = axis === 'x' ? this.axes.xFraction : this.axes.yPercent;
            scale.grid = { color: colors.grid };
            scale.ticks = { color: colors.muted, ...(asPercent ? { callback: percent } : {}), ...(axis === 'x' && this.axes.xEpochs ? { stepSize: 1 } : {}) };
            scale.title = { display: true, text: this.axes[axis], color: colors.foreground };
        }
        this.chart.data.datasets.forEach((dataset, i) => {
            dataset.borderColor = dataset.backgroundColor = colors.series[i % colors.series.length];
            dataset.borderWidth = colors.highContrast ? 3 : 2;
        });
        this.chart.update('none');
    }

    private format(value: number): string {
        return this.axes.yPercent ? `${(value * 100).toFixed(1)} %` : value.toPrecision(4);
    }
}
