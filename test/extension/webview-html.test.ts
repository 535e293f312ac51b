import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy, escapeHtml, makeNonce, renderHtml } from '../../src/extension/webview-html.js';

const parts = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview/results.js',
    styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/webview.css'],
    nonce: 'abcDEF123_-abcDEF123_-abcDEF123_',
    title: 'SMASH results: Tiny',
};

function csp(html: string): string {
    const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    if (!match) throw new Error('no CSP meta tag');
    return match[1]!.replace(/&#39;/g, "'");
}

describe('renderHtml', () => {
    test('a strict CSP comes first in <head>: nothing by default, the script only by nonce', () => {
        const html = renderHtml(parts);
        expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<link'));
        const directives = Object.fromEntries(csp(html).split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
        expect(directives['default-src']).toEqual(["'none'"]);
        expect(directives['script-src']).toEqual([`'nonce-${parts.nonce}'`]);
        expect(directives['style-src']).toEqual([parts.cspSource]);
        expect(csp(html)).not.toMatch(/unsafe-inline|unsafe-eval|\*(?!\.vscode-cdn)/);
    });

    test('every script carries the nonce; there are no inline scripts or handlers', () => {
        const html = renderHtml(parts);
        const scripts = html.match(/<script[^>]*>/g) ?? [];
        expect(scripts).toHaveLength(1);
        expect(scripts[0]).toContain(`nonce="${parts.nonce}"`);
        expect(scripts[0]).toContain(`src="${parts.scriptUri}"`);
        expect(html).toMatch(/<script[^>]*><\/script>/);
        expect(html).not.toMatch(/\son[a-z]+=/i);
        expect(html).not.toMatch(/style="/);
    });

    test('no URL other than the webview resource origin', () => {
        const html = renderHtml(parts);
        const urls = html.match(/https?:\/\/[^\s"'<>;]+/g) ?? [];
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) expect(url.startsWith(parts.cspSource)).toBe(true);
    });

    test('names from user files are escaped', () => {
        const html = renderHtml({ ...parts, title: `SMASH: <img src=x onerror="alert('x')">&` });
        expect(html).toContain('<title>SMASH: &lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</title>');
        expect(html).not.toContain('<img');
        expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
    });

    test('nonces are fresh, long, and valid in a CSP source expression', () => {
        const nonces = new Set(Array.from({ length: 50 }, makeNonce));
        expect(nonces.size).toBe(50);
        for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(contentSecurityPolicy('x', 'n')).toContain("script-src 'nonce-n'");
    });
});

describe('webview bundles', () => {
    test.each(['live', 'results'])('%s.js evaluates no strings and writes no HTML', (name) => {
        const code = readFileSync(`out/webview/${name}.js`, 'utf8');
        expect(code).not.toMatch(/\beval\(|new Function\(|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/);
        expect(code).not.toMatch(/\bfetch\(|XMLHttpRequest|\bimport\(/);
        expect(code).not.toMatch(/setAttribute\(\s*["']style["']/);
    });
});
