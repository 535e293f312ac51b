/**
 * The HTML shell of every panel: a strict Content Security Policy, the panel's stylesheets and one
 * bundled script. The script builds the page from messages (DOM APIs and textContent), so no data
 * from a run or a .smash file is ever written into this HTML except the escaped title.
 * No `vscode` import: tests render it directly.
 */
import { randomBytes } from 'node:crypto';

export interface HtmlParts {
    /** `webview.cspSource`: the origin the webview serves local resources from. */
    cspSource: string;
    /** `webview.asWebviewUri(...)` of the bundled script, as a string. */
    scriptUri: string;
    styleUris: string[];
    /** Fresh for every render. */
    nonce: string;
    title: string;
}

/** 32 characters from a cryptographic source: a nonce an attacker cannot guess. */
export function makeNonce(): string {
    return randomBytes(24).toString('base64url');
}

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The policy allows nothing but this webview's own stylesheets and fonts and the one script that
 * carries the nonce. Chart.js sizes its canvas through the CSSOM (`canvas.style.height = …`), which a
 * CSP does not restrict, and injects no <style> elements, so `style-src` needs no 'unsafe-inline'.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        "default-src 'none'",
        `style-src ${cspSource}`,
        `font-src ${cspSource}`,
        `img-src ${cspSource} data:`,
        `script-src 'nonce-${nonce}'`,
    ].join('; ');
}

export function renderHtml(parts: HtmlParts): string {
    const attr = escapeHtml;
    const styles = parts.styleUris.map((uri) => `    <link rel="stylesheet" href="${attr(uri)}">`).join('\n');
    return `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
    <title>${escapeHtml(parts.title)}</title>
</head>
<body>
    <main id="app" aria-busy="true"><p class="loading">Loading…</p></main>
    <script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>
`;
}
