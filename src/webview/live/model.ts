/**
 * What the live panel shows, folded from the extension's messages: the run's progress and the
 * curves to plot. Pure (no DOM): tests feed it messages.
 */
import type { LiveToWebview, RunEvent } from '../../shared/protocol.js';
import { foldEvent, initialProgress, type RunProgress } from '../common/run-progress.js';
import { ThinnedLog } from '../common/thin.js';

export interface Point {
    x: number;
    y: number;
}

/** Points per training curve; older stretches are thinned beyond that. */
export const MAX_POINTS = 1500;

export interface LiveModel {
    runId?: string;
    runDir?: string;
    name: string;
    progress: RunProgress;
    engine: { running: boolean; message?: string };
    /** x: the fraction of the HyperNet's training done, 0..1 (steps count over all epochs). */
    trainLoss: ThinnedLog<Point>;
    trainAccuracy: ThinnedLog<Point>;
    valLoss: Point[];
    valAccuracy: Point[];
    /** Validation accuracy of each retrained architecture after each epoch (x from 1), keyed by rank. */
    retrain: Map<number, Point[]>;
    warnings: string[];
}

export function emptyModel(): LiveModel {
    return {
        name: '',
        progress: initialProgress(),
        engine: { running: false },
        trainLoss: new ThinnedLog(MAX_POINTS),
        trainAccuracy: new ThinnedLog(MAX_POINTS),
        valLoss: [],
        valAccuracy: [],
        retrain: new Map(),
        warnings: [],
    };
}

/**
 * Where a step lies on the x axis: the engine counts steps over the whole training (1..steps), so
 * the last step of epoch e of E is at (e+1)/E, where that epoch's validation point is drawn.
 */
export function trainingFraction(step: number, steps: number): number {
    return steps > 0 ? step / steps : 0;
}

/** Adds a point; a point left of the last one means a resumed run went back to its checkpoint, so the redone part goes. */
function plot(points: ThinnedLog<Point> | Point[], point: Point): void {
    if (Array.isArray(points)) {
        while (points.length > 0 && points[points.length - 1]!.x >= point.x) points.pop();
        points.push(point);
    } else {
        points.popWhile((p) => p.x >= point.x);
        points.push(point);
    }
}

/** Applies one message; returns whether the curves changed (the stats always may). */
export function applyMessage(model: LiveModel, message: LiveToWebview): boolean {
    switch (message.type) {
        case 'reset': {
            const engine = model.engine;
            Object.assign(model, emptyModel(), { runId: message.runId, runDir: message.runDir, name: message.name, engine });
            // Chart datasets hold these arrays; emptyModel() made new ones, so the caller re-binds.
            return true;
        }
        case 'engine':
            model.engine = { running: message.running, message: message.message };
            return false;
        case 'events': {
            let curves = false;
            for (const event of message.events) curves = applyEvent(model, event) || curves;
            return curves;
        }
    }
}

const MAX_WARNINGS = 20;

function applyEvent(model: LiveModel, event: RunEvent): boolean {
    foldEvent(model.progress, event);
    switch (event.type) {
        case 'run-start':
            model.name = event.manifest.name;
            return false;
        case 'train-step': {
            if (model.progress.phase === 'retrain') return false;
            const x = trainingFraction(event.step, event.steps);
            plot(model.trainLoss, { x, y: event.loss });
            plot(model.trainAccuracy, { x, y: event.accuracy });
            return true;
        }
        case 'epoch':
            if (event.phase === 'train') {
                const x = trainingFraction(event.epoch + 1, event.epochs);
                plot(model.valLoss, { x, y: event.valLoss });
                plot(model.valAccuracy, { x, y: event.valAccuracy });
            } else {
                const rank = event.rank ?? 0;
                const points = model.retrain.get(rank) ?? [];
                plot(points, { x: event.epoch + 1, y: event.valAccuracy });
                model.retrain.set(rank, points);
            }
            return true;
        case 'log':
            if (event.level === 'warning') {
                model.warnings.push(event.message);
                if (model.warnings.length > MAX_WARNINGS) model.warnings.shift();
            }
            return false;
        default:
            return false;
    }
}

/** The run's state in words for the header: its end if it has one, else what the engine process says. */
export function statusText(model: LiveModel): string {
    const end = model.progress.end;
    if (end) {
        const word = { completed: 'Finished', stopped: 'Stopped', failed: 'Failed' }[end.status];
        return end.message ? `${word}: ${end.message}` : word;
    }
    if (model.engine.running) return 'Running';
    if (model.engine.message) return `Ended: ${model.engine.message}`;
    return model.progress.manifest ? 'Not running in this window' : 'Waiting for the engine';
}
