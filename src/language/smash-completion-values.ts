/**
 * The values completion offers for a knob and the section snippets, from KNOBS and from what the
 * space written so far allows: kernel sizes that fit the smallest block, groups that divide `unit`,
 * bank sizes up to maxWidth / unit, the dataset's input shape.
 */
import { isBlock, isDataSection, isInputDecl, isMaxWidthDecl, isOpFamily, isStem, isUnitDecl, type Space } from './generated/ast.js';
import { DATASETS, DEFAULTS, KNOBS, type Knob, type Section } from './smash-knobs.js';
import { evenGrid } from '../engine/space/space.js';
import type { ValueSlot } from './smash-completion-slot.js';

/** What the space written so far says, with defaults where it says nothing yet. */
export interface CompletionFacts {
    unit: number;
    maxWidth: number;
    input: { height: number; width: number; channels: number };
    classes: number;
    /** Spatial size of the smallest block: the stem's stride divides it, each transition halves it. */
    minResolution: number;
    blockNames: string[];
    opNames: string[];
}

export function completionFacts(space: Space | undefined): CompletionFacts {
    const members = space?.members ?? [];
    const kind = members.find(isDataSection)?.source ?? 'fashion-mnist';
    const dataset = DATASETS[kind];
    const inputNode = members.find(isInputDecl);
    const input = inputNode ? { height: inputNode.height, width: inputNode.width, channels: inputNode.channels } : { ...dataset.input };
    const blockNames = members.filter(isBlock).map((b) => b.name);
    const halvings = Math.max(0, blockNames.length - 1);
    const stride = positive(members.find(isStem)?.stride) ?? DEFAULTS.stemStride;
    return {
        unit: positive(members.find(isUnitDecl)?.value) ?? DEFAULTS.unit,
        maxWidth: positive(members.find(isMaxWidthDecl)?.value) ?? DEFAULTS.maxWidth,
        input,
        classes: dataset.classes,
        minResolution: Math.floor(Math.ceil(Math.min(input.height, input.width) / stride) / 2 ** halvings),
        blockNames,
        opNames: members.filter(isOpFamily).map((o) => o.name),
    };
}

function positive(n: number | undefined): number | undefined {
    return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

const set = (values: readonly (number | string)[]) => `{${values.join(', ')}}`;
const range = (low: number, high: number) => `${low} .. ${high}`;
const numbersIn = (text: string) => (text.match(/\d+/g) ?? []).map(Number);

/** Values for the knob at a slot, its default first; single values inside a `{ ... }` set. */
export function valuesFor(slot: ValueSlot, facts: CompletionFacts): string[] {
    const values = candidates(slot, facts);
    const preferred = values.indexOf(slot.knob.default ?? '');
    return preferred > 0 ? [values[preferred]!, ...values.filter((_, i) => i !== preferred)] : values;
}

function candidates(slot: ValueSlot, facts: CompletionFacts): string[] {
    const { knob } = slot;
    const key = `${knob.section}.${knob.keyword}`;
    const units = Math.max(1, Math.floor(facts.maxWidth / facts.unit));
    const fitting = DEFAULTS.kernels.filter((k) => k <= facts.minResolution);
    const divisors = Array.from({ length: facts.unit }, (_, i) => i + 1).filter((d) => facts.unit % d === 0);
    if (slot.inSet) {
        const singles: Record<string, readonly (number | string)[]> = {
            'block.bankSize': Array.from({ length: units }, (_, i) => i + 1),
            'op.kernel': fitting, 'op.groups': divisors, 'op.dilation': DEFAULTS.dilations,
            'op.bottleneck': DEFAULTS.bottleneck, 'op.activation': ['relu', 'tanh', 'sigmoid'],
            'op.structure': ['(1)', '(1, 1)', '(2)', '(2, 1)', '(2, 2)'],
        };
        return (singles[key] ?? []).map(String);
    }
    if (slot.nextItem) return key === 'train.augment' || key === 'retrain.augment' ? ['flip', 'crop 4'] : [];
    const widths = [facts.maxWidth, Math.ceil((facts.maxWidth * 1.5) / facts.unit) * facts.unit, 2 * facts.maxWidth];
    const derived: Record<string, string[]> = {
        'space.input': [`${facts.input.height} x ${facts.input.width} x ${facts.input.channels}`],
        'space.classes': [String(facts.classes)],
        'space.maxWidth': (knob.suggestions ?? []).filter((w) => Number(w) % facts.unit === 0 && Number(w) > facts.unit),
        'stem.kernel': (knob.suggestions ?? []).filter((k) => Number(k) <= Math.min(facts.input.height, facts.input.width)),
        'stem.width': widths.map(String),
        'transition.width': widths.map(String),
        'head.grid': (knob.suggestions ?? []).filter((g) => Number(g) <= facts.minResolution && evenGrid(facts.minResolution, Number(g))),
        'block.bankSize': [range(1, units), set([1, 2, 4, 8, 16].filter((s) => s <= units)), '1'],
        'block.maxBanks': [String(3 * units)],
        'block.budget': ['0.3 .. 1.0 anneal from 0.5 over 50%', '0.3 .. 1.0', `${4 * facts.maxWidth} channels`],
        'op.kernel': (knob.suggestions ?? []).filter((s) => numbersIn(s).every((k) => k <= facts.minResolution)),
        'op.groups': divisors.map((_, i) => set(divisors.slice(0, divisors.length - i))),
        'op.paths': [range(1, 2), '1', '2'],
        'op.depth': [range(1, 2), '1', '2'],
        'op.reads': [range(1, 3 * units)],
        'op.writes': [range(1, 3 * units)],
    };
    return derived[key] ?? knob.suggestions ?? literalDefault(knob);
}

/** A default that can be written as is (`100`, `1e-4`, `[8, 10, 4]`, `12.5%, 37.5%`), not a description. */
function literalDefault(knob: Knob): string[] {
    return knob.default !== undefined && /^[\d.,%\s[\]e+-]+$/.test(knob.default) ? [knob.default] : [];
}

export interface Snippet {
    keyword: string;
    /** LSP snippet syntax: `${1:placeholder}`, tab stops in order. */
    body: string;
}

/** Knobs a section snippet leaves out: derived from others, a flag, or (`retrain.augment`) taken from train when left out. */
const OMIT_FROM_SNIPPET = new Set(['op.paths', 'op.depth', 'op.reads', 'op.writes', 'hypernet.legacyEncoding', 'retrain.augment']);

/** A whole section with its knobs at their defaults, for the section keywords of the space. */
export function sectionSnippet(section: Section, facts: CompletionFacts): Snippet | undefined {
    if (section === 'data') {
        return { keyword: 'data', body: `data \${1|${Object.keys(DATASETS).join(',')}|}` };
    }
    if (section === 'space') return { keyword: 'space', body: 'space ${1:Name} {\n\tdata ${2:fashion-mnist}\n\t$0\n}' };
    const header = section === 'block' ? `block \${1:${freeName('b', facts.blockNames, 1)}}`
        : section === 'op' ? `op \${1:${freeName('conv', facts.opNames, 0)}}`
            : section;
    let stop = header.includes('${1') ? 2 : 1;
    const lines: string[] = [];
    for (const knob of KNOBS.filter((k) => k.section === section && k.keyword !== section)) {
        if (OMIT_FROM_SNIPPET.has(`${section}.${knob.keyword}`)) continue;
        const value = knob.keyword === 'ops' ? facts.opNames.join(', ')
            : valuesFor({ knob, inSet: false, nextItem: false }, facts)[0];
        if (value) lines.push(`\t${knob.keyword} \${${stop++}:${escapeSnippet(value)}}`);
    }
    return { keyword: section, body: `${header} {\n${lines.join('\n')}\n}` };
}

function freeName(stem: string, taken: string[], first: number): string {
    for (let i = first; ; i++) {
        const name = i === 0 ? stem : `${stem}${i}`;
        if (!taken.includes(name)) return name;
    }
}

function escapeSnippet(text: string): string {
    return text.replace(/[\\$}]/g, '\\$&');
}

/** The text a snippet inserts when every placeholder keeps its default (the first of a choice). */
export function snippetPreview(body: string): string {
    return body
        .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
        .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, text: string) => text.replace(/\\(.)/g, '$1'))
        .replace(/\$0/g, '');
}
