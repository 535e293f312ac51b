/**
 * Colours from the VS Code theme, for what CSS cannot reach (chart canvases). VS Code swaps the
 * body class (vscode-light, vscode-dark, vscode-high-contrast, vscode-high-contrast-light) when the
 * theme changes.
 */
export interface ThemeColors {
    foreground: string;
    muted: string;
    grid: string;
    series: string[];
    highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
    return style.getPropertyValue(name).trim() || fallback;
}

export function themeColors(): ThemeColors {
    const style = getComputedStyle(document.body);
    const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
    const foreground = cssVar(style, '--vscode-foreground', '#888');
    return {
        foreground,
        muted: cssVar(style, '--vscode-descriptionForeground', foreground),
        grid: highContrast ? cssVar(style, '--vscode-contrastBorder', foreground) : cssVar(style, '--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
        series: [
            cssVar(style, '--vscode-charts-blue', '#3794ff'),
            cssVar(style, '--vscode-charts-orange', '#d18616'),
            cssVar(style, '--vscode-charts-green', '#89d185'),
            cssVar(style, '--vscode-charts-purple', '#b180d7'),
            cssVar(style, '--vscode-charts-red', '#f14c4c'),
            cssVar(style, '--vscode-charts-yellow', '#cca700'),
        ],
        highContrast,
    };
}

export function onThemeChange(listener: () => void): void {
    new MutationObserver(listener).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
