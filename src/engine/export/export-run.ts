/**
 * `smash export RUN --rank N --format json|pytorch|onnx -o TARGET` and the results panel's export:
 * one ranked architecture of a run as JSON (for smash retrain / evaluate), as a PyTorch module with
 * its retrained weights, or as an ONNX model of the retrained network.
 *
 * The PyTorch and ONNX exports go to a directory that is built under a temporary name next to it
 * and renamed into place at the end, so a failure never leaves a half-written export behind.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RUN_FILES, type ExportFormat, type RankedArchitecture, type RunResults } from '../../shared/protocol.js';
import type { Architecture } from '../space/architecture.js';
import { validateArchitecture } from '../space/architecture-validate.js';
import type { Normalization } from '../data/normalize.js';
import { writeFileAtomic, writeJsonAtomic } from '../run/atomic.js';
import { runPaths } from '../run/run-dir.js';
import type { SearchSpace } from '../space/space.js';
import { tensorEntries, walkNetwork } from './network-walk.js';
import { onnxModel } from './onnx.js';
import { pytorchModule } from './pytorch.js';
import { safetensorsChunks } from './safetensors.js';
import { ExportError, readWeights, type Tensor } from './weights.js';

export { ExportError } from './weights.js';

export interface ExportRequest {
    runDir: string;
    rank: number;
    format: ExportFormat;
    /** json: the file to write; pytorch and onnx: the directory to create. */
    output: string;
}

export interface ExportOutcome {
    /** Paths written. */
    files: string[];
    /** One line for the user: what was written where, and what was left out and why. */
    summary: string;
}

type FileContent = Parameters<typeof writeFileAtomic>[1];

export const EXPORT_FILES = { architecture: 'architecture.json', pytorch: 'model.py', weights: 'weights.safetensors', onnx: 'model.onnx' } as const;

export function exportRun(request: ExportRequest): ExportOutcome {
    const run = readRun(request.runDir, request.rank);
    const exported = exportedJson(run.results, run.entry);
    if (request.format === 'json') {
        writeTarget(request.output, () => writeJsonAtomic(request.output, exported));
        return { files: [request.output], summary: `wrote architecture #${request.rank} to ${request.output}` };
    }
    const net = walkNetwork(run.space, run.arch, run.normalization);
    const weights = run.checkpoint ? readWeights(run.checkpoint, tensorEntries(net)) : undefined;
    const provenance = `architecture #${request.rank} (id ${run.entry.id}) of run ${basename(resolve(request.runDir))}`;
    const files = new Map<string, FileContent>([[EXPORT_FILES.architecture, JSON.stringify(exported, null, 2) + '\n']]);
    if (request.format === 'pytorch') {
        files.set(EXPORT_FILES.pytorch, pytorchModule(net, {
            className: className(run.space.name, request.rank), provenance, spaceFile: run.results.spaceFile,
            weightsFile: weights && EXPORT_FILES.weights,
        }));
        if (weights) files.set(EXPORT_FILES.weights, safetensorsChunks(weights, { format: 'pt', source: provenance }));
    } else if (weights) {
        files.set(EXPORT_FILES.onnx, [onnxModel(net, weights, `${net.name}: ${provenance}, exported by SMASH for VS Code`)]);
    }
    const written = writeDirectory(request.output, files);
    return { files: written, summary: summary(request, written, weights) };
}

/** The JSON export: what smash retrain and smash evaluate read back. */
export function exportedJson(results: RunResults, entry: RankedArchitecture): object {
    return { space: results.spaceFile, id: entry.id, score: entry.score, architecture: entry.architecture };
}

function summary(request: ExportRequest, written: string[], weights: Tensor[] | undefined): string {
    const names = written.map((f) => basename(f)).join(', ');
    if (weights) return `wrote ${names} to ${request.output}`;
    const what = request.format === 'onnx' ? 'so there is no ONNX model, only' : 'so model.py starts from a fresh initialisation;';
    return `architecture #${request.rank} was not retrained in this run, ${what} the architecture: wrote ${names} to ${request.output}`;
}

interface RunData {
    results: RunResults;
    entry: RankedArchitecture;
    space: SearchSpace;
    arch: Architecture;
    normalization: Normalization;
    /** The retraining checkpoint, when the architecture was retrained to the end. */
    checkpoint?: string;
}

function readRun(runDir: string, rank: number): RunData {
    const paths = runPaths(runDir);
    const results = readJson<RunResults>(paths.results, `${runDir} is not a finished SMASH run (no ${RUN_FILES.results})`);
    const entry = results.architectures?.find((a) => a.rank === rank);
    if (!entry) throw new ExportError(`no architecture of rank ${rank} in ${runDir} (ranks 1..${results.architectures?.length ?? 0})`);
    const space = readJson<SearchSpace>(paths.space, `${runDir} has no space.json; it is not a complete SMASH run directory`);
    let arch: Architecture;
    try {
        arch = validateArchitecture(space, entry.architecture);
    } catch (error) {
        throw new ExportError(`architecture #${rank} of ${runDir} does not belong to the run's space ${space.name}: ${(error as Error).message}`);
    }
    const data = readJson<{ normalization?: Normalization }>(paths.data, `${runDir} has no data.json; it is not a complete SMASH run directory`);
    const normalization = data.normalization;
    if (!normalization || normalization.mean?.length !== space.input.channels || normalization.std?.length !== space.input.channels) {
        throw new ExportError(`${paths.data}: no normalisation for ${space.input.channels} input channels; the run directory is damaged`);
    }
    const checkpoint = paths.retrainCheckpoint(entry.id);
    return { results, entry, space, arch, normalization, checkpoint: entry.retrained && existsSync(checkpoint) ? checkpoint : undefined };
}

function readJson<T>(path: string, missing: string): T {
    if (!existsSync(path)) throw new ExportError(missing);
    try {
        return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (error) {
        throw new ExportError(`${path} is not valid JSON (${(error as Error).message}); the run directory is damaged`);
    }
}

/** A Python class name from the space name: "fashion-tiny" rank 1 -> FashionTinyRank1. */
export function className(spaceName: string, rank: number): string {
    const words = spaceName.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1));
    const name = words.join('') || 'Architecture';
    return `${/^[0-9]/.test(name) ? 'Net' : ''}${name}Rank${rank}`;
}

/** Writes files into a fresh directory at `target`, or nothing at all. */
function writeDirectory(target: string, files: Map<string, FileContent>): string[] {
    if (existsSync(target) && readdirSync(target).length > 0) {
        throw new ExportError(`${target} already exists and is not empty; choose another -o DIR`);
    }
    const staging = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
    writeTarget(target, () => {
        try {
            mkdirSync(staging, { recursive: true });
            for (const [name, chunks] of files) writeFileAtomic(join(staging, name), chunks);
            if (existsSync(target)) rmSync(target, { recursive: true });
            renameSync(staging, target);
        } finally {
            rmSync(staging, { recursive: true, force: true });
        }
    });
    return [...files.keys()].map((name) => join(target, name));
}

/** File system failures as one line naming the target. */
function writeTarget(target: string, write: () => void): void {
    try {
        write();
    } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        throw new ExportError(`cannot write ${target}: ${(code && WRITE_ERRORS[code]) ?? message}`);
    }
}

const WRITE_ERRORS: Record<string, string> = {
    EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a directory', ENOSPC: 'no space left on the device', EEXIST: 'it exists already',
};
