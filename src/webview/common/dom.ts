/**
 * Building DOM nodes without HTML strings: text always goes in through textContent, so names from
 * .smash files can never become markup.
 */
type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
    return fill(document.createElement(tag), attributes, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): SVGElementTagNameMap[K] {
    return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

function fill<E extends Element>(element: E, attributes: Attributes, children: Child[]): E {
    for (const [name, value] of Object.entries(attributes)) {
        if (value === undefined || value === false) continue;
        // No `style` attribute: the CSP forbids inline styles, and classes carry all styling.
        if (name === 'style') throw new Error('use a class, not a style attribute');
        element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
        if (child === undefined || child === false) continue;
        element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return element;
}

/** Runs `activate` on click and on Enter or Space, as a button does. */
export function onActivate(element: Element, activate: (event: Event) => void): void {
    element.addEventListener('click', activate);
    element.addEventListener('keydown', (event) => {
        const key = (event as KeyboardEvent).key;
        if (key === 'Enter' || key === ' ') {
            event.preventDefault();
            activate(event);
        }
    });
}
