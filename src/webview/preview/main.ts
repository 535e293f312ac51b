/**
 * The preview's page: the architectures a search with this seed draws first, one diagram at a
 * time (previous / next, reseed), and the distributions over all draws. When the extension says
 * the file has errors, the last good picture stays, under a notice saying why.
 */
import type { PreviewFromWebview, PreviewToWebview, SampleSpaceSample } from '../../shared/protocol.js';
import { renderDiagram } from '../common/diagram.js';
import { h, onActivate } from '../common/dom.js';
import { formatCount } from '../common/format.js';
import type { RevealTarget } from '../common/layout.js';
import { host } from '../common/vscode-api.js';
import { markerX, renderHistogram, renderKnob } from './charts.js';

const vscode = host<PreviewFromWebview>();
const app = document.getElementById('app')!;

let sample: SampleSpaceSample | undefined;
let file = '';
let stale: string | undefined;
let index = 0;

const reveal = (target: RevealTarget) => vscode.post({ type: 'reveal', source: target.source, label: target.label });

function button(id: string, text: string, disabled: boolean, action: () => void): HTMLButtonElement {
    const b = h('button', { id, type: 'button', class: 'secondary', disabled }, text);
    onActivate(b, action);
    return b;
}

function render(): void {
    app.removeAttribute('aria-busy');
    if (!sample) {
        app.replaceChildren(h('p', { class: stale ? 'notice' : 'loading', id: stale ? 'stale' : undefined },
            stale ? `${file} cannot be previewed: ${stale}` : 'Drawing architectures…'));
        return;
    }
    const { stats, architectures, seed } = sample;
    index = Math.min(index, architectures.length - 1);
    const shown = architectures[index]!;
    const focused = document.activeElement?.id;
    const parts: Array<HTMLElement | false> = [
        h('header', {},
            h('h1', {}, `Preview: ${sample.spaceName}`),
            h('p', { class: 'summary' }, `Seed ${seed}: the architectures a search with this seed scores first, as `,
                h('code', {}, `smash sample ${file} --seed ${seed}`), ' prints them.')),
        stale ? h('p', { class: 'notice', id: 'stale', role: 'status' }, `${file} has errors, so this is the last good preview: ${stale}`) : false,
        h('div', { class: 'controls' },
            button('previous', '‹ Previous', index === 0, () => { index--; render(); }),
            h('span', { id: 'position' }, `Architecture ${index + 1} of ${architectures.length}`),
            button('next', 'Next ›', index === architectures.length - 1, () => { index++; render(); }),
            button('reseed', 'Reseed', false, () => { index = 0; vscode.post({ type: 'reseed' }); })),
        h('p', { class: 'arch-summary', id: 'arch-summary' }, `${formatCount(shown.params)} parameters · ${formatCount(shown.macs)} MACs · `,
            h('span', { class: 'id' }, shown.id)),
        h('div', { class: 'diagram-wrap' }, renderDiagram(shown.architecture, `Diagram of architecture ${index + 1}`, reveal)),
        h('h2', {}, `Over ${stats.samples} draws`),
        h('div', { class: 'charts' },
            figure(`Parameters (median ${formatCount(stats.params.median)})`, renderHistogram('Parameters', stats.params.histogram.counts,
                formatCount(stats.params.min), formatCount(stats.params.max), markerX(stats.params.histogram, shown.params))),
            figure(`MACs (median ${formatCount(stats.macs.median)})`, renderHistogram('MACs', stats.macs.histogram.counts,
                formatCount(stats.macs.min), formatCount(stats.macs.max), markerX(stats.macs.histogram, shown.macs))),
            ...stats.opsPerBlock.map((b) => figure(`Ops in block ${b.block} (median ${b.spread.median})`,
                renderHistogram(`Ops in block ${b.block}`, b.counts.slice(b.spread.min), String(b.spread.min), String(b.spread.max))))),
        h('div', { class: 'charts knobs' }, ...stats.knobs.map((k) => figure(`${k.scope} · ${k.knob}`, renderKnob(k, reveal)))),
    ];
    app.replaceChildren(...parts.filter((p): p is HTMLElement => p !== false));
    if (focused) document.getElementById(focused)?.focus();
}

function figure(caption: string, chart: SVGSVGElement): HTMLElement {
    return h('figure', {}, h('figcaption', {}, caption), chart);
}

window.addEventListener('message', (event: MessageEvent<PreviewToWebview>) => {
    const message = event.data;
    file = message.file;
    if (message.type === 'sample') {
        if (sample && sample.seed !== message.sample.seed) index = 0;
        sample = message.sample;
        stale = undefined;
    } else {
        stale = message.message;
    }
    render();
});

vscode.post({ type: 'ready' });
