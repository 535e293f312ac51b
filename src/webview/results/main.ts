/**
 * The results panel's page: the run's summary and rank correlation, the ranked table and a
 * diagram of the selected architecture. Sort order and selection survive reloads (PanelState).
 */
import { EXPORT_FORMATS, type ExportFormat, type RankCorrelation, type ResultsFromWebview, type ResultsToWebview, type RunResults } from '../../shared/protocol.js';
import { h, onActivate } from '../common/dom.js';
import { intervalText, rankingCaveats, smashValidationText } from '../../shared/trust.js';
import { host } from '../common/vscode-api.js';
import { restoreSort, type SortOrder } from './columns.js';
import { renderDiagram } from '../common/diagram.js';
import { renderTable } from './table.js';
import { describeBackend } from '../../shared/backend-label.js';

const vscode = host<ResultsFromWebview>();
const app = document.getElementById('app')!;

let view: { results: RunResults; runDir: string; fileChanged: boolean } | undefined;
let order: SortOrder = restoreSort(vscode.state()?.sort);
let selectedId = vscode.state()?.selectedId;
/** Per architecture id, the extension's summary of its last export this session: what it wrote where. */
const exportedNotes = new Map<string, string>();

const EXPORT_LABELS: Record<ExportFormat, string> = { json: 'JSON', pytorch: 'PyTorch', onnx: 'ONNX' };
const EXPORT_TITLES: Record<ExportFormat, string> = {
    json: 'The architecture, for smash retrain and smash evaluate',
    pytorch: 'A readable nn.Module (model.py) and, if retrained, its weights',
    onnx: 'An ONNX model of the retrained network',
};

function save(): void {
    if (view) vscode.saveState({ runDir: view.runDir, selectedId, sort: order });
}

function select(id: string): void {
    if (id === selectedId) return;
    selectedId = id;
    vscode.post({ type: 'select', id });
    save();
    render(true);
}

function render(keepTableFocus = false): void {
    if (!view) return;
    const { results, fileChanged } = view;
    const selected = results.architectures.find((a) => a.id === selectedId) ?? results.architectures[0];
    selectedId = selected?.id;
    const correlation = results.correlation;
    const exportButtons = h('span', { class: 'export', role: 'group', 'aria-label': 'Export' }, 'Export as',
        ...EXPORT_FORMATS.map((format) => {
            const button = h('button', { type: 'button', disabled: !selected, title: EXPORT_TITLES[format] }, `${EXPORT_LABELS[format]}…`);
            onActivate(button, () => selected && vscode.post({ type: 'export', id: selected.id, format }));
            return button;
        }));
    const exported = selected && exportedNotes.get(selected.id);
    const table = renderTable({
        rows: results.architectures, order, selectedId,
        onSort: (next) => {
            order = next;
            save();
            render();
            app.querySelector<HTMLElement>('th[aria-sort]:not([aria-sort="none"]) button')?.focus();
        },
        onSelect: select,
    });
    const parts: Array<HTMLElement | false> = [
        h('header', {},
            h('h1', {}, results.name),
            h('p', { class: 'summary' }, `${results.status} · ${results.architectures.length} architectures ranked · backend ${describeBackend(results.backend)} · seed ${results.seed}`)),
        fileChanged ? h('p', { class: 'notice', role: 'note' }, `The .smash file has changed since this run; links go to the nearest match of the same text.`) : false,
        results.smash ? h('p', { class: 'smash-validation' }, `${smashValidationText(results.smash)}.`) : false,
        correlation
            ? h('p', { class: 'correlation' }, correlationText(correlation))
            : false,
        ...rankingCaveats(results).map((caveat) => h('p', { class: 'notice caveat', role: 'note' }, caveat)),
        h('div', { class: 'table-wrap' }, table),
        selected
            ? h('section', { class: 'selected', 'aria-label': `Architecture #${selected.rank}` },
                h('div', { class: 'section-head' }, h('h2', {}, `Architecture #${selected.rank}`), h('span', { class: 'id' }, selected.id), exportButtons),
                exported ? h('p', { class: 'exported', role: 'status' }, `Exported: ${exported}.`) : false,
                h('p', { class: 'legend' }, 'Columns are memory banks (shaded: the block input). R reads a bank, W writes a new one, + adds to a filled one. Click a block, op or value to show it in the .smash file.'),
                h('div', { class: 'diagram-wrap' }, renderDiagram(selected.architecture, `Diagram of architecture #${selected.rank}`,
                    (target) => vscode.post({ type: 'reveal', source: target.source, label: target.label }))))
            : h('p', {}, 'This run ranked no architectures.'),
    ];
    app.replaceChildren(...parts.filter((p): p is HTMLElement => p !== false));
    app.removeAttribute('aria-busy');
    if (keepTableFocus) app.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(selectedId ?? '')}"]`)?.focus();
}

window.addEventListener('message', (event: MessageEvent<ResultsToWebview>) => {
    const message = event.data;
    if (message.type === 'exported') {
        exportedNotes.set(message.id, message.summary);
        render();
        return;
    }
    view = { results: message.results, runDir: message.runDir, fileChanged: message.fileChanged };
    selectedId ??= message.selectedId;
    save();
    render();
});

vscode.post({ type: 'ready' });

/** "Spearman ρ 0.21 [-0.60, 0.75], Kendall τ 0.11 [...]", then the same for the size baselines. */
function correlationText(c: RankCorrelation): string {
    const both = (p: RankCorrelation['smash']) => `Spearman ρ ${intervalText(p.spearman)}, Kendall τ ${intervalText(p.kendall)}`;
    return `Rank correlation with retrained test error over ${c.n} architectures (95 % bootstrap intervals): `
        + `SMASH score ${both(c.smash)}. Baselines: parameter count ${both(c.params)}; MACs ${both(c.macs)}.`;
}
