/**
 * The live panel's page: header with the run's state, the phase, the latest numbers and the loss
 * and accuracy curves, all fed by messages from the extension. Redraws at most once per frame.
 */
import type { LiveFromWebview, LiveToWebview, Phase } from '../../shared/protocol.js';
import { h, onActivate } from '../common/dom.js';
import { formatDuration, formatNumber, formatPercent, formatRate } from '../common/format.js';
import { progressMessage } from '../common/run-progress.js';
import { onThemeChange } from '../common/theme.js';
import { host } from '../common/vscode-api.js';
import { LineChart } from './charts.js';
import { applyMessage, emptyModel, statusText, type LiveModel } from './model.js';

const vscode = host<LiveFromWebview>();
const model: LiveModel = emptyModel();

const PHASES: Array<[Phase, string]> = [['data', 'Data'], ['train', 'Train HyperNet'], ['rank', 'Score architectures'], ['retrain', 'Retrain the best'], ['done', 'Done']];

const title = h('h1', {}, 'SMASH run');
const status = h('p', { class: 'status', role: 'status' });
const stopButton = h('button', { type: 'button' }, 'Stop');
const resultsButton = h('button', { type: 'button', class: 'secondary' }, 'Show Results');
onActivate(stopButton, () => vscode.post({ type: 'stop' }));
onActivate(resultsButton, () => vscode.post({ type: 'showResults' }));

const phaseItems = PHASES.map(([phase, label]) => [phase, h('li', {}, label)] as const);
const stats = new Map<string, HTMLElement>();
const statList = h('dl', { class: 'stats' });
for (const label of ['Epoch', 'Step', 'Loss', 'Accuracy', 'Learning rate', 'Images/s', 'Time left', 'Scored', 'Best score', 'Retrained']) {
    const value = h('dd', {}, '–');
    stats.set(label, value);
    statList.append(h('div', {}, h('dt', {}, label), value));
}
const summary = h('p', { class: 'summary', 'aria-live': 'polite' });

const figure = (caption: string) => {
    const canvas = h('canvas', { role: 'img', 'aria-label': caption });
    return { canvas, element: h('figure', {}, h('figcaption', {}, caption), h('div', { class: 'chart' }, canvas)) };
};
const lossFigure = figure('HyperNet loss');
const accuracyFigure = figure('HyperNet accuracy');
const retrainFigure = figure('Retraining: validation accuracy');
const warnings = h('ul', { class: 'warnings' });

const app = document.getElementById('app')!;
app.replaceChildren(
    h('header', {}, h('div', {}, title, status), h('div', { class: 'actions' }, stopButton, resultsButton)),
    h('ol', { class: 'phases', 'aria-label': 'Phases' }, ...phaseItems.map(([, li]) => li)),
    statList,
    summary,
    h('section', { class: 'charts' }, lossFigure.element, accuracyFigure.element, retrainFigure.element),
    warnings,
);
app.removeAttribute('aria-busy');

const lossChart = new LineChart(lossFigure.canvas, { x: 'training done', y: 'loss', xFraction: true });
const accuracyChart = new LineChart(accuracyFigure.canvas, { x: 'training done', y: 'accuracy', xFraction: true, yPercent: true });
const retrainChart = new LineChart(retrainFigure.canvas, { x: 'epoch', y: 'validation accuracy', yPercent: true, xEpochs: true });
let retrainRanks = 0;

function bindSeries(): void {
    lossChart.setSeries([{ label: 'training', data: model.trainLoss.items }, { label: 'validation', data: model.valLoss, dashed: true, points: true }]);
    accuracyChart.setSeries([{ label: 'training', data: model.trainAccuracy.items }, { label: 'validation', data: model.valAccuracy, dashed: true, points: true }]);
    bindRetrain();
}

function bindRetrain(): void {
    retrainRanks = model.retrain.size;
    retrainChart.setSeries([...model.retrain.entries()].sort(([a], [b]) => a - b)
        .map(([rank, data]) => ({ label: `#${rank}`, data, points: true })));
}

let frame: number | undefined;
let curvesChanged = false;
function schedule(curves: boolean): void {
    curvesChanged ||= curves;
    frame ??= requestAnimationFrame(() => {
        frame = undefined;
        render(curvesChanged);
        curvesChanged = false;
    });
}

function render(curves: boolean): void {
    const p = model.progress;
    title.textContent = model.name || 'SMASH run';
    status.textContent = statusText(model);
    stopButton.disabled = !model.engine.running;
    resultsButton.disabled = p.end?.status !== 'completed';
    const current = p.end?.status === 'completed' ? 'done' : p.phase;
    const currentIndex = PHASES.findIndex(([phase]) => phase === current);
    phaseItems.forEach(([, li], i) => {
        li.className = i < currentIndex ? 'past' : i === currentIndex ? 'current' : '';
        if (i === currentIndex) li.setAttribute('aria-current', 'step');
        else li.removeAttribute('aria-current');
    });
    const set = (label: string, text: string) => (stats.get(label)!.textContent = text);
    set('Epoch', p.epoch === undefined ? '–' : `${p.epoch}${p.epochs ? ` / ${p.epochs}` : ''}${p.retrainRank !== undefined ? ` (#${p.retrainRank})` : ''}`);
    set('Step', p.step === undefined ? '–' : `${p.step}${p.steps ? ` / ${p.steps}` : ''}`);
    set('Loss', formatNumber(p.loss));
    set('Accuracy', formatPercent(p.accuracy));
    set('Learning rate', formatNumber(p.lr));
    set('Images/s', formatRate(p.imagesPerSecond));
    set('Time left', p.end ? '–' : formatDuration(p.eta));
    set('Scored', p.scored ? `${p.scored.count} / ${p.scored.total} (${p.scored.stage})` : '–');
    set('Best score', p.scored ? `${formatPercent(p.scored.best)} error` : '–');
    set('Retrained', String(p.retrained));
    summary.textContent = progressMessage(p);
    retrainFigure.element.hidden = model.retrain.size === 0;
    lossFigure.canvas.setAttribute('aria-label', `HyperNet loss; latest ${formatNumber(p.loss)}`);
    accuracyFigure.canvas.setAttribute('aria-label', `HyperNet accuracy; latest ${formatPercent(p.accuracy)}`);
    warnings.replaceChildren(...model.warnings.map((w) => h('li', {}, w)));
    if (curves) {
        if (model.retrain.size !== retrainRanks) bindRetrain();
        lossChart.refresh();
        accuracyChart.refresh();
        retrainChart.refresh();
    }
}

window.addEventListener('message', (event: MessageEvent<LiveToWebview>) => {
    const message = event.data;
    const curves = applyMessage(model, message);
    if (message.type === 'reset') {
        vscode.saveState({ runDir: message.runDir });
        bindSeries();
    }
    schedule(curves);
});

onThemeChange(() => {
    for (const chart of [lossChart, accuracyChart, retrainChart]) chart.applyTheme();
});

bindSeries();
vscode.post({ type: 'ready' });
