/** A small run for the extension's tests: a .smash-like text, an architecture whose sources point into it, and results. */
import type { Architecture, ConvSources } from '../../src/engine/space/architecture.js';
import type { SourceRef } from '../../src/engine/space/space.js';
import type { RankedArchitecture, RunEvent, RunManifest, RunResults } from '../../src/shared/protocol.js';

export const SPACE_TEXT = [
    'space Tiny {',
    '    block b1 { bankSize {1, 2} budget 0.5 .. 1.0 ops basic }',
    '    op basic {',
    '        kernel {3, 5}',
    '        dilation {1, 2}',
    '        groups {1, 2}',
    '        activation {relu}',
    '        bottleneck 1 .. 4',
    '    }',
    '}',
    '',
].join('\n');

/** The source of the first `text` in `within` after `anchor` (e.g. the "5" after "kernel {"). */
export function at(uri: string, text: string, anchor = '', within = SPACE_TEXT): SourceRef {
    const from = within.indexOf(anchor);
    const offset = from < 0 ? -1 : within.indexOf(text, from);
    if (offset < 0) throw new Error(`'${text}' after '${anchor}' is not in the text`);
    const before = within.slice(0, offset).split('\n');
    const line = before.length - 1;
    const character = before.at(-1)!.length;
    return { uri, range: { start: { line, character }, end: { line, character: character + text.length } } };
}

export function architecture(uri: string): Architecture {
    const conv: ConvSources = {
        kernel: [at(uri, '3', 'kernel {'), at(uri, '5', 'kernel {')],
        dilation: [at(uri, '1', 'dilation {'), at(uri, '2', 'dilation {')],
        groups: at(uri, '2', 'groups {'),
        activation: at(uri, 'relu'),
    };
    const sources = { definition: at(uri, 'op basic {'), family: at(uri, 'basic', 'ops '), structure: at(uri, 'kernel'), bottleneck: at(uri, '1 .. 4'), convs: [conv, conv] };
    return {
        version: 1,
        blocks: [{
            bankSize: 1, numBanks: 6, initialBanks: 2, budgetFraction: 0.75, budgetSlices: 9,
            sources: { block: at(uri, 'block b1'), bankSize: at(uri, '{1, 2}', 'bankSize'), budget: at(uri, '0.5 .. 1.0') },
            ops: [
                {
                    family: 'basic', reads: [0, 1], width: 2, writes: [{ bank: 1, chunk: 0 }, { bank: 2, chunk: 1 }], structure: [1],
                    convs: [{ kernel: [3, 5], dilation: [1, 2], groups: 2, activation: 'relu' }], bottleneck: 2, nIn: 8, nB: 16,
                    sliceStart: 0, rowStart: 0, sources: { ...sources, convs: [conv] },
                },
                {
                    family: 'basic', reads: [2], width: 1, writes: [{ bank: 2, chunk: 0 }, { bank: 3, chunk: 0 }], structure: [1, 1],
                    convs: [{ kernel: [3, 3], dilation: [1, 1], groups: 1, activation: 'relu' }, { kernel: [5, 5], dilation: [2, 1], groups: 1, activation: 'relu' }],
                    bottleneck: 4, nIn: 4, nB: 16, sliceStart: 2, rowStart: 8, sources,
                },
            ],
        }],
    };
}

export function manifest(spaceFile: string, name = 'Tiny'): RunManifest {
    return {
        runId: 'run-1', name, spaceFile, spaceHash: 'abc', seed: 1,
        backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', version: '4.22.0', threads: 1, simd: null },
        workers: 1, overrides: { epochs: 2, retrainEpochs: 1 }, versions: {}, command: ['search'], createdAt: '2026-11-28T10:00:00.000Z',
    };
}

export function ranked(uri: string, rank: number, score: number, retrained?: number): RankedArchitecture {
    return {
        rank, id: `id${rank}`, score, stage: rank % 2 ? 'random' : 'hillclimb', params: 1000 * rank, macs: 50_000 * rank,
        retrained: retrained === undefined ? undefined : { epochs: 1, testError: retrained, valError: retrained, seconds: 3 },
        architecture: architecture(uri),
    };
}

export function results(spaceFile: string, uri: string): RunResults {
    return {
        runId: 'run-1', name: 'Tiny', spaceFile, spaceHash: 'abc', seed: 1,
        backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', version: '4.22.0', threads: 1, simd: null },
        architectures: [ranked(uri, 1, 0.2, 0.3), ranked(uri, 2, 0.25), ranked(uri, 3, 0.3, 0.25)],
        correlation: {
            n: 3,
            smash: { n: 3, spearman: { estimate: -1, low: -1, high: -1 }, kendall: { estimate: -1, low: -1, high: -1 } },
            params: { n: 3, spearman: { estimate: 0.5, low: -1, high: 1 }, kendall: { estimate: 0.33, low: -1, high: 1 } },
            macs: { n: 3, spearman: { estimate: 0.5, low: -1, high: 1 }, kendall: { estimate: 0.33, low: -1, high: 1 } },
        },
        status: 'completed',
    };
}

const T = '2026-11-28T10:00:00.000Z';

export function trainingEvents(spaceFile: string): RunEvent[] {
    return [
        { type: 'run-start', time: T, manifest: manifest(spaceFile), resumed: false },
        { type: 'phase', time: T, phase: 'data' },
        { type: 'phase', time: T, phase: 'train' },
        // As the engine counts: epochs from 0, steps over all epochs (2 epochs of 2 steps).
        { type: 'train-step', time: T, epoch: 0, step: 1, steps: 4, loss: 2.3, accuracy: 0.1, lr: 1e-3, imagesPerSecond: 250, eta: 120 },
        { type: 'train-step', time: T, epoch: 0, step: 2, steps: 4, loss: 2.1, accuracy: 0.2, lr: 1e-3, imagesPerSecond: 260, eta: 110 },
        { type: 'epoch', time: T, phase: 'train', epoch: 0, epochs: 2, loss: 2.2, accuracy: 0.15, valLoss: 2.15, valAccuracy: 0.18, seconds: 9, eta: 100 },
    ];
}
