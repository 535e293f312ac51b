/**
 * Every message that crosses a process or frame boundary, defined once and imported by both sides:
 *   engine -> anyone:   the run directory (manifest.json, events.jsonl, results.json)
 *   extension <-> webviews: the live panel, the results panel and the preview messages
 *   extension <-> language server: the preview's custom request
 * The engine writes these files; the extension and the CLI read and follow them. Types and a few
 * plain constants only, so that webview bundles pull in no engine code.
 */
import type { Architecture } from '../engine/space/architecture.js';
import type { PredictorCorrelation } from '../engine/correlation.js';
import type { SampledArchitecture } from '../engine/space/sample-space.js';
import type { SampleStats } from '../engine/space/sample-stats.js';
import type { SourceRef } from '../engine/space/space.js';

// ---- the run directory ------------------------------------------------------------------------

export const RUN_FILES = {
    manifest: 'manifest.json',
    events: 'events.jsonl',
    results: 'results.json',
    checkpoint: 'checkpoint',
    /** The .smash text the run was started from, to find a result's source after the file changed. */
    spaceSnapshot: 'space.smash',
} as const;

export type BackendName = 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
/** What a user asks for: a backend by name, or the fastest one installed. */
export type BackendChoice = 'auto' | BackendName;

/** The backend a run uses (tfjs-node-gpu shows as 'tensorflow-gpu', though tfjs calls it 'tensorflow'). */
export interface BackendInfo {
    name: BackendName;
    /** The npm package that provides it and its version. */
    package: string;
    version: string;
    /** Compute threads; null where libtensorflow sizes its own pools. */
    threads: number | null;
    simd: boolean | null;
    /** webgpu only: the GPU adapter Dawn handed out (a software one when no GPU driver is usable). */
    adapter?: GpuAdapterInfo;
}

/** WebGPU's GPUAdapterInfo, as a run records it. */
export interface GpuAdapterInfo {
    vendor: string;
    architecture: string;
    /** The driver's device name, where it gives one (e.g. Mesa's "llvmpipe-llvm-15-0-6-256-bits-"). */
    device: string;
    description: string;
    /** A CPU implementation (lavapipe, llvmpipe, SwiftShader): correct, but no GPU speed. */
    isFallbackAdapter: boolean;
}

/** Sizes that override the space's own, e.g. for a quick run. */
export interface RunOverrides {
    epochs?: number;
    train?: number;
    validation?: number;
    test?: number;
    random?: number;
    perturb?: number;
    hillclimb?: number;
    top?: number;
    retrainEpochs?: number;
    seed?: number;
}

/** The sizes of a quick run: minutes on a laptop CPU, enough to see the whole pipeline work. */
export const QUICK_RUN: Readonly<RunOverrides> = {
    epochs: 1, train: 10000, validation: 500, test: 1000, random: 20, perturb: 5, hillclimb: 5, top: 3, retrainEpochs: 2,
};

/** The engine's command line, shared by the CLI parser and the extension that starts it. */
export const OVERRIDE_FLAGS: Record<keyof RunOverrides, string> = {
    epochs: '--epochs', train: '--train', validation: '--validation', test: '--test', random: '--random',
    perturb: '--perturb', hillclimb: '--hillclimb', top: '--top', retrainEpochs: '--retrain-epochs', seed: '--seed',
};

export interface RunManifest {
    runId: string;
    name: string;
    /** Absolute path of the .smash file and the SHA-256 of its text at the start of the run. */
    spaceFile: string;
    spaceHash: string;
    seed: number;
    backend: BackendInfo;
    /** Threads each training step is split over (wasm and cpu); results depend on it, so a resume keeps it. */
    workers: number;
    /**
     * Networks retrained at once on wasm and cpu, each on one thread of its own, or 'auto' (twice
     * the cores of the machine the run is on). Above 1, `workers` splits only SMASH training steps,
     * and the results do not depend on the count. Absent in runs made before it existed: they
     * retrain one at a time.
     */
    parallel?: number | 'auto';
    overrides: RunOverrides;
    versions: Record<string, string>;
    command: string[];
    createdAt: string;
}

export type Phase = 'data' | 'train' | 'rank' | 'retrain' | 'done';
export type SearchStage = 'random' | 'perturb' | 'hillclimb';
export type RunStatus = 'completed' | 'stopped' | 'failed';

/**
 * One line of events.jsonl. `time` is an ISO timestamp; `eta` is seconds left in the whole run.
 * `scored.index` counts architectures scored so far over all stages (0-based), out of `total`.
 */
export type RunEvent =
    | { type: 'run-start'; time: string; manifest: RunManifest; resumed: boolean }
    | { type: 'phase'; time: string; phase: Phase; detail?: string }
    | { type: 'train-step'; time: string; rank?: number; epoch: number; step: number; steps: number; loss: number; accuracy: number; lr: number; imagesPerSecond: number; eta: number }
    | { type: 'epoch'; time: string; phase: 'train' | 'retrain'; rank?: number; epoch: number; epochs: number; loss: number; accuracy: number; valLoss: number; valAccuracy: number; seconds: number; eta: number }
    | { type: 'checkpoint'; time: string; epoch: number; step: number }
    | { type: 'scored'; time: string; stage: SearchStage; index: number; total: number; id: string; score: number; params: number; macs: number; best: number; eta: number }
    | { type: 'retrained'; time: string; rank: number; id: string; testError: number; valError: number; seconds: number }
    | { type: 'log'; time: string; level: 'info' | 'warning'; message: string }
    | { type: 'run-end'; time: string; status: RunStatus; message?: string };

export interface RetrainResult {
    epochs: number;
    testError: number;
    valError: number;
    seconds: number;
}

export interface RankedArchitecture {
    rank: number;
    id: string;
    /** SMASH score: validation error (fraction) with HyperNet-generated weights. Lower is better. */
    score: number;
    stage: SearchStage;
    params: number;
    macs: number;
    retrained?: RetrainResult;
    architecture: Architecture;
}

/**
 * Between a predictor and retrained test error over the retrained architectures, with 95 %
 * bootstrap intervals: the SMASH score, and the baselines parameter count and MACs (bigger
 * predicted better). Positive means "orders architectures as retraining does".
 */
export interface RankCorrelation {
    n: number;
    smash: PredictorCorrelation;
    params: PredictorCorrelation;
    macs: PredictorCorrelation;
}

/** What results.json repeats of the manifest, so that it can be read on its own. */
export type RunIdentity = Pick<RunManifest, 'runId' | 'name' | 'spaceFile' | 'spaceHash' | 'seed' | 'backend'>;

/** How well the trained SMASH network classifies: at its last epoch and over the architectures scored, beside chance (1 / classes). */
export interface SmashValidation {
    /** Validation accuracy at the last epoch: one architecture drawn per validation batch, so a few architectures in all. */
    accuracy: number;
    chance: number;
    /**
     * Mean validation accuracy of the architectures the search drew at random and scored, each on the
     * whole validation split: the steadier figure (two seeds of one recipe moved the last epoch's by
     * 5 to 22 points, docs/results/recipe.md). Absent in runs written before it was measured.
     */
    scored?: ScoredAccuracy;
    /** Absent in runs written before it was measured. */
    opUse?: OpUse;
}

export interface ScoredAccuracy {
    accuracy: number;
    architectures: number;
}

/**
 * Whether the trained SMASH network computes anything with its ops: the best-scored architectures
 * scored again with every op's output zeroed. Errors are fractions of the validation split.
 */
export interface OpUse {
    /** Architectures measured (the best-scored distinct ones). */
    architectures: number;
    /** Their mean SMASH score (validation error). */
    error: number;
    /** Their mean validation error with every op muted. */
    mutedError: number;
}

export interface RunResults extends RunIdentity {
    architectures: RankedArchitecture[];
    correlation?: RankCorrelation;
    /** Absent in runs written before it was recorded. */
    smash?: SmashValidation;
    status: RunStatus;
}

// ---- extension <-> webviews ---------------------------------------------------------------------

/**
 * What the live (training) panel is sent. `runDir` goes into the webview's PanelState so the panel
 * comes back after a reload. `engine`: whether this window's engine process for the run is alive,
 * and why it ended when it died without writing a run-end event.
 */
export type LiveToWebview =
    | { type: 'reset'; runId: string; name: string; runDir: string }
    | { type: 'events'; events: RunEvent[] }
    | { type: 'engine'; running: boolean; message?: string };

/** `stop`: the panel's Stop button; `showResults`: its Show Results button. */
export type LiveFromWebview = { type: 'ready' } | { type: 'stop' } | { type: 'showResults' };

/** What the results panel is sent. `fileChanged`: the .smash file differs from the run's snapshot. */
export type ResultsToWebview =
    | { type: 'results'; results: RunResults; runDir: string; fileChanged: boolean; selectedId?: string }
    | { type: 'exported'; id: string; summary: string };

export type ResultsFromWebview =
    | { type: 'ready' }
    | { type: 'select'; id: string }
    | { type: 'reveal'; source: SourceRef; label: string }
    | { type: 'export'; id: string; format: ExportFormat };

/** What `smash export` and the results panel write: JSON for the engine, a PyTorch module, or an ONNX model. */
export type ExportFormat = 'json' | 'pytorch' | 'onnx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'pytorch', 'onnx'];

/** What a panel stores with `setState` to come back after a reload. */
export interface PanelState {
    runDir: string;
    selectedId?: string;
    sort?: { column: string; descending: boolean };
}

// ---- the preview of a space: language server request and webview messages --------------------

/** The command that opens the preview (palette, editor title, and the CodeLens the server puts above `space`). */
export const PREVIEW_COMMAND = 'smash.previewSpace';

/** The custom LSP request: draw from the space in the open document `uri` as `smash sample` does. */
export const SAMPLE_SPACE_REQUEST = 'smash/sampleSpace';

export interface SampleSpaceParams {
    uri: string;
    /** Absent: the space's seed, as a search uses it. */
    seed?: number;
    /** Architectures drawn for the statistics. */
    count: number;
    /** The first `show` of them come back whole, for the diagrams. */
    show: number;
}

/** `version`: the document version it was computed from. `ok: false`: the document has errors (or cannot be sampled), `message` says which. */
export type SampleSpaceResult =
    | { ok: true; version: number; seed: number; spaceName: string; architectures: SampledArchitecture[]; stats: SampleStats }
    | { ok: false; version: number; message: string };

export type SampleSpaceSample = Extract<SampleSpaceResult, { ok: true }>;

/** `sample`: a new picture of `file`; `stale`: the file has errors now, keep the last picture and say `message`. */
export type PreviewToWebview =
    | { type: 'sample'; file: string; sample: SampleSpaceSample }
    | { type: 'stale'; file: string; message: string };

export type PreviewFromWebview =
    | { type: 'ready' }
    | { type: 'reseed' }
    | { type: 'reveal'; source: SourceRef; label: string };
