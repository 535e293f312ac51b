/**
 * Draws a diagram layout as SVG with DOM APIs. Chips are buttons: focusable, activated by click,
 * Enter or Space, and named for screen readers by what they select in the .smash file.
 */
import type { Architecture } from '../../engine/space/architecture.js';
import { onActivate, s } from './dom.js';
import { layoutArchitecture, METRICS, type DiagramItem, type RevealTarget } from './layout.js';

const ORDER: Record<DiagramItem['kind'], number> = { frame: 0, cell: 1, text: 2, chip: 3 };

export function renderDiagram(architecture: Architecture, title: string, reveal: (target: RevealTarget) => void): SVGSVGElement {
    const layout = layoutArchitecture(architecture);
    const svg = s('svg', {
        class: 'diagram', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'group', 'aria-label': title,
    });
    const items = [...layout.items].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
    for (const item of items) svg.append(renderItem(item, reveal));
    return svg;
}

function renderItem(item: DiagramItem, reveal: (target: RevealTarget) => void): SVGElement {
    switch (item.kind) {
        case 'frame':
            return s('rect', { class: `frame ${item.className}`, x: item.x, y: item.y, width: item.width, height: item.height, rx: 3 });
        case 'text':
            return s('text', { class: item.className, x: item.x, y: item.y, 'text-anchor': item.anchor, 'dominant-baseline': 'central' }, item.text);
        case 'cell':
            return s('g', { class: `cell ${item.className}`, role: 'img', 'aria-label': item.description },
                s('title', {}, item.description),
                s('rect', { x: item.x + 1, y: item.y + 1, width: item.size - 2, height: item.size - 2, rx: 2 }),
                s('text', { x: item.x + item.size / 2, y: item.y + item.size / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, item.mark));
        case 'chip': {
            const chip = s('g', { class: `chip ${item.className}`, role: 'button', tabindex: 0, 'aria-label': `Show ${item.target.label} in the .smash file` },
                s('title', {}, `${item.target.label}: click to show it in the .smash file`),
                s('rect', { x: item.x, y: item.y, width: item.width, height: item.height, rx: 4 }),
                s('text', { x: item.x + item.width / 2, y: item.y + METRICS.chip / 2, 'text-anchor': 'middle', 'dominant-baseline': 'central' }, item.text));
            onActivate(chip, () => reveal(item.target));
            return chip;
        }
    }
}
