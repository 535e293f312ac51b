import { describe, expect, test } from 'vitest';
import type { RunEvent } from '../../src/shared/protocol.js';
import { progressMessage, progressOf } from '../../src/webview/common/run-progress.js';
import { ThinnedLog } from '../../src/webview/common/thin.js';
import { applyMessage, emptyModel, statusText, trainingFraction } from '../../src/webview/live/model.js';
import { manifest, trainingEvents } from './fixtures.js';

const T = '2026-11-28T10:00:00.000Z';
const events = trainingEvents('/w/tiny.smash');

describe('run progress', () => {
    test('training: epoch (counted from 1), step over all epochs, loss and time left', () => {
        expect(progressMessage(progressOf(events.slice(0, 5)))).toBe('training the HyperNet · epoch 1/2 · step 2/4 · loss 2.1 · 2 min left');
        expect(progressMessage(progressOf(events))).toBe('training the HyperNet · epoch 1/2 · step 2/4 · loss 2.1 · 2 min left');
    });

    test('scoring, retraining and the end', () => {
        const later: RunEvent[] = [
            ...events,
            { type: 'phase', time: T, phase: 'rank' },
            { type: 'scored', time: T, stage: 'random', index: 2, total: 20, id: 'a', score: 0.4, params: 1, macs: 1, best: 0.35, eta: 30 },
        ];
        expect(progressMessage(progressOf(later))).toBe('scoring architectures · 1/20 (random) · best 35.0 % · 30 s left');
        // The engine's index restarts with each stage; a resumed search may score an architecture again.
        later.push({ type: 'scored', time: T, stage: 'perturb', index: 0, total: 20, id: 'b', score: 0.4, params: 1, macs: 1, best: 0.35, eta: 20 },
            { type: 'scored', time: T, stage: 'perturb', index: 0, total: 20, id: 'b', score: 0.4, params: 1, macs: 1, best: 0.35, eta: 20 });
        expect(progressMessage(progressOf(later))).toBe('scoring architectures · 2/20 (perturb) · best 35.0 % · 20 s left');
        later.push({ type: 'phase', time: T, phase: 'retrain' },
            { type: 'epoch', time: T, phase: 'retrain', rank: 2, epoch: 0, epochs: 1, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.5, seconds: 2, eta: 5 });
        expect(progressMessage(progressOf(later))).toBe('retraining #2 · epoch 1/1 · 5 s left');
        // Networks retrained side by side: each step names the network it belongs to.
        later.push({ type: 'train-step', time: T, rank: 1, epoch: 0, step: 7, steps: 10, loss: 0.5, accuracy: 0.8, lr: 0.1, imagesPerSecond: 100, eta: 4 });
        expect(progressMessage(progressOf(later))).toBe('retraining #1 · epoch 1/1 · step 7/10 · loss 0.5 · 4 s left');
        later.push({ type: 'train-step', time: T, rank: 2, epoch: 0, step: 3, steps: 10, loss: 0.7, accuracy: 0.8, lr: 0.1, imagesPerSecond: 100, eta: 4 });
        expect(progressMessage(progressOf(later))).toBe('retraining #2 · epoch 1/1 · step 3/10 · loss 0.7 · 4 s left');
        later.push({ type: 'run-end', time: T, status: 'failed', message: 'disk full' });
        expect(progressMessage(progressOf(later))).toBe('failed: disk full');
    });

    test('a resumed run is running again', () => {
        const resumed: RunEvent[] = [...events, { type: 'run-end', time: T, status: 'stopped' }, { type: 'run-start', time: T, manifest: manifest('/w'), resumed: true }];
        const progress = progressOf(resumed);
        expect(progress.end).toBeUndefined();
        expect(progress.resumed).toBe(true);
    });
});

describe('live model', () => {
    test('steps go on a training-done axis; epoch ends draw validation points where the epoch ends', () => {
        const model = emptyModel();
        expect(applyMessage(model, { type: 'events', events })).toBe(true);
        expect(model.trainLoss.items).toEqual([{ x: 0.25, y: 2.3 }, { x: 0.5, y: 2.1 }]);
        expect(model.valAccuracy).toEqual([{ x: 0.5, y: 0.18 }]);
        expect(model.name).toBe('Tiny');
        expect(trainingFraction(30, 40)).toBe(0.75);
    });

    test('retraining curves are kept per rank and not mixed into the HyperNet\'s', () => {
        const model = emptyModel();
        applyMessage(model, { type: 'events', events: [...events, { type: 'phase', time: T, phase: 'retrain' },
            { type: 'train-step', time: T, epoch: 0, step: 1, steps: 1, loss: 9, accuracy: 0, lr: 0.1, imagesPerSecond: 1, eta: 1 },
            { type: 'epoch', time: T, phase: 'retrain', rank: 1, epoch: 0, epochs: 2, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.6, seconds: 1, eta: 1 },
            { type: 'epoch', time: T, phase: 'retrain', rank: 2, epoch: 0, epochs: 2, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.7, seconds: 1, eta: 1 }] });
        expect(model.trainLoss.items).toHaveLength(2);
        expect([...model.retrain.entries()]).toEqual([[1, [{ x: 1, y: 0.6 }]], [2, [{ x: 1, y: 0.7 }]]]);
    });

    test('a resumed run that goes back to its checkpoint replaces the steps it redoes', () => {
        const model = emptyModel();
        const step = (n: number, loss: number): RunEvent => ({ type: 'train-step', time: T, epoch: 0, step: n, steps: 10, loss, accuracy: 0.5, lr: 0.1, imagesPerSecond: 1, eta: 1 });
        applyMessage(model, { type: 'events', events: [
            events[0]!, events[2]!, step(1, 5), step(2, 4), step(3, 3), step(4, 2),
            { type: 'run-end', time: T, status: 'stopped' },
            { type: 'run-start', time: T, manifest: manifest('/w'), resumed: true }, events[2]!, step(3, 2.5),
        ] });
        expect(model.trainLoss.items.map((p) => p.y)).toEqual([5, 4, 2.5]);
    });

    test('reset starts over with new arrays, keeping the engine state; the header says what is going on', () => {
        const model = emptyModel();
        applyMessage(model, { type: 'engine', running: true });
        applyMessage(model, { type: 'events', events });
        const old = model.trainLoss;
        applyMessage(model, { type: 'reset', runId: 'r', name: 'N', runDir: '/runs/r' });
        expect(model.trainLoss).not.toBe(old);
        expect(model.trainLoss.items).toEqual([]);
        expect(model).toMatchObject({ runId: 'r', name: 'N', runDir: '/runs/r', engine: { running: true } });
        expect(statusText(model)).toBe('Running');
        applyMessage(model, { type: 'engine', running: false, message: 'the engine was killed (SIGKILL)' });
        expect(statusText(model)).toBe('Ended: the engine was killed (SIGKILL)');
        applyMessage(model, { type: 'events', events: [{ type: 'run-end', time: T, status: 'completed' }] });
        expect(statusText(model)).toBe('Finished');
    });
});

describe('thinned log', () => {
    test('stays within its size, keeps evenly spaced items and every unthinnable one', () => {
        const log = new ThinnedLog<number>(10, (n) => n >= 0);
        for (let i = 0; i < 1000; i++) {
            log.push(i);
            if (i % 100 === 0) log.push(-i - 1);
        }
        const kept = log.items.filter((n) => n >= 0);
        expect(kept.length).toBeLessThanOrEqual(10);
        expect(kept.length).toBeGreaterThan(5);
        const gaps = new Set(kept.slice(1).map((n, i) => n - kept[i]!));
        expect(gaps.size).toBe(1);
        expect(log.items.filter((n) => n < 0)).toHaveLength(10);
        expect(log.count).toBe(1000);
    });

    test('compacts in place (charts hold the array) and can drop from the end', () => {
        const log = new ThinnedLog<number>(4);
        const array = log.items;
        for (let i = 0; i < 20; i++) log.push(i);
        expect(log.items).toBe(array);
        log.popWhile((n) => n > 8);
        expect(Math.max(...log.items)).toBeLessThanOrEqual(8);
        expect(() => new ThinnedLog(1)).toThrow(/at least 2/);
    });
});
