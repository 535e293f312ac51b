/**
 * Where a run is, folded from its events: the phase, the epoch and step, the latest rates and the
 * search's progress. The status bar, the progress notification and the live panel all read it.
 * Pure (no DOM, no `vscode`).
 */
import type { Phase, RunEvent, RunManifest, RunStatus, SearchStage } from '../../shared/protocol.js';
import { formatDuration, formatNumber, formatPercent } from './format.js';

export interface RunProgress {
    manifest?: RunManifest;
    resumed: boolean;
    phase?: Phase;
    detail?: string;
    /**
     * Of the training being watched: the HyperNet's, or during retraining the current
     * architecture's. `epoch` counts from 1 as shown (the engine's events count from 0); `step` and
     * `steps` count over all epochs of that training.
     */
    epoch?: number;
    epochs?: number;
    step?: number;
    steps?: number;
    loss?: number;
    accuracy?: number;
    lr?: number;
    imagesPerSecond?: number;
    /** Seconds left in the whole run, from the latest event that carried one. */
    eta?: number;
    retrainRank?: number;
    /** `count`: how many different architectures of the search's `total` have been scored so far. */
    scored?: { stage: SearchStage; count: number; total: number; best: number };
    scoredIds: Set<string>;
    retrained: number;
    checkpoints: number;
    /** The run's end, cleared again when the run is resumed. */
    end?: { status: RunStatus; message?: string };
}

export function initialProgress(): RunProgress {
    return { resumed: false, retrained: 0, checkpoints: 0, scoredIds: new Set() };
}

/** Updates `progress` in place with one event (events arrive by the thousand; no copies). */
export function foldEvent(progress: RunProgress, event: RunEvent): void {
    switch (event.type) {
        case 'run-start':
            progress.manifest = event.manifest;
            progress.resumed = event.resumed;
            progress.end = undefined;
            break;
        case 'phase':
            progress.phase = event.phase;
            progress.detail = event.detail;
            // The counts of the previous phase's training mean nothing in the next one.
            progress.step = progress.steps = progress.epoch = undefined;
            progress.loss = progress.accuracy = progress.lr = progress.imagesPerSecond = undefined;
            progress.epochs = event.phase === 'train' ? progress.manifest?.overrides.epochs :
                event.phase === 'retrain' ? progress.manifest?.overrides.retrainEpochs : undefined;
            break;
        case 'train-step':
            Object.assign(progress, {
                epoch: event.epoch + 1, step: event.step, steps: event.steps, loss: event.loss, accuracy: event.accuracy,
                lr: event.lr, imagesPerSecond: event.imagesPerSecond, eta: event.eta,
            });
            // Networks retrained side by side send their steps in turn: each step names its own.
            if (event.rank !== undefined) progress.retrainRank = event.rank;
            break;
        case 'epoch':
            Object.assign(progress, { epoch: event.epoch + 1, epochs: event.epochs, eta: event.eta });
            progress.retrainRank = event.phase === 'retrain' ? event.rank : undefined;
            break;
        case 'checkpoint':
            progress.checkpoints++;
            break;
        case 'scored':
            // Counted by id: the engine's `index` restarts with each stage, and a resumed search may score some again.
            progress.scoredIds.add(event.id);
            progress.scored = { stage: event.stage, count: progress.scoredIds.size, total: event.total, best: event.best };
            progress.eta = event.eta;
            break;
        case 'retrained':
            progress.retrained++;
            break;
        case 'run-end':
            progress.end = { status: event.status, message: event.message };
            progress.eta = undefined;
            break;
        case 'log':
            break;
    }
}

export function progressOf(events: readonly RunEvent[]): RunProgress {
    const progress = initialProgress();
    for (const event of events) foldEvent(progress, event);
    return progress;
}

/** One line for a notification or a tooltip, e.g. "training · epoch 2/3 · step 40/63 · loss 0.61 · 4 min left". */
export function progressMessage(progress: RunProgress): string {
    if (progress.end) {
        const words = { completed: 'finished', stopped: 'stopped', failed: 'failed' } as const;
        return progress.end.message ? `${words[progress.end.status]}: ${progress.end.message}` : words[progress.end.status];
    }
    const parts: string[] = [];
    switch (progress.phase) {
        case undefined:
            parts.push('starting');
            break;
        case 'data':
            parts.push(progress.detail ? `loading data (${progress.detail})` : 'loading data');
            break;
        case 'train':
        case 'retrain':
            parts.push(progress.phase === 'train' ? 'training the HyperNet' :
                progress.retrainRank !== undefined ? `retraining #${progress.retrainRank}` : 'retraining');
            if (progress.epoch !== undefined) parts.push(`epoch ${progress.epoch}${progress.epochs ? `/${progress.epochs}` : ''}`);
            if (progress.step !== undefined && progress.steps) parts.push(`step ${progress.step}/${progress.steps}`);
            if (progress.loss !== undefined) parts.push(`loss ${formatNumber(progress.loss)}`);
            break;
        case 'rank':
            parts.push('scoring architectures');
            if (progress.scored) {
                parts.push(`${progress.scored.count}/${progress.scored.total} (${progress.scored.stage})`);
                parts.push(`best ${formatPercent(progress.scored.best)}`);
            }
            break;
        case 'done':
            parts.push('writing results');
            break;
    }
    if (progress.eta !== undefined) parts.push(`${formatDuration(progress.eta)} left`);
    return parts.join(' · ');
}
