/**
 * Number and time formatting for the panels, the status bar and notifications. Pure: no DOM, no
 * `vscode`, so the webview bundles and the extension share it and tests call it directly.
 */

/** 1234 -> "1,234"; 1_234_567 -> "1.23 M"; 3.4e9 -> "3.40 G". Counts such as parameters and MACs. */
export function formatCount(value: number): string {
    if (!Number.isFinite(value)) return '–';
    const abs = Math.abs(value);
    if (abs < 10_000) return Math.round(value).toLocaleString('en-US');
    for (const [scale, suffix] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
        if (abs >= scale) return `${(value / scale).toPrecision(3)} ${suffix}`;
    }
    return String(value);
}

/** A fraction as a percentage with one decimal: 0.1234 -> "12.3 %". */
export function formatPercent(fraction: number | undefined): string {
    if (fraction === undefined || !Number.isFinite(fraction)) return '–';
    return `${(fraction * 100).toFixed(1)} %`;
}

/** Losses and rates: four significant digits, exponent notation for tiny values (learning rates). */
export function formatNumber(value: number | undefined): string {
    if (value === undefined || !Number.isFinite(value)) return '–';
    if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
    return Number(value.toPrecision(4)).toString();
}

/** Seconds as "45 s", "12 min", "1 h 05 min"; for an ETA or a duration. */
export function formatDuration(seconds: number | undefined): string {
    if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
    if (seconds < 60) return `${Math.round(seconds)} s`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Images per second, rounded to what matters. */
export function formatRate(perSecond: number | undefined): string {
    if (perSecond === undefined || !Number.isFinite(perSecond)) return '–';
    return perSecond >= 100 ? `${Math.round(perSecond)} img/s` : `${perSecond.toFixed(1)} img/s`;
}
