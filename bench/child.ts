/**
 * One measurement in a fresh process, so that each reports its own peak memory and none inherits
 * another's grown wasm heap or warmed-up kernels. Prints its figures as one JSON line.
 */
import { selectBackend, type BackendChoice } from '../src/engine/backend/backend.js';
import { installWasmKernels } from '../src/engine/model/ops/wasm-kernels.js';
import { registerThreadedWasm } from '../src/engine/parallel/wasm-threads.js';
import { loadFixed, type SpaceKey } from './fixed.js';
import { timeLanguageServer } from './lsp-latency.js';
import { profileStep } from './profile.js';
import { timeRanking } from './rank-speed.js';
import { timeTraining, type TrainMode } from './train-speed.js';

export type Task =
    | { kind: 'train'; backend: BackendChoice; threads: number; workers: number; space: SpaceKey; mode: TrainMode; batch: number; steps: number; warmup: number }
    | { kind: 'rank'; backend: BackendChoice; threads: number; space: SpaceKey; architectures: number; images: number }
    | { kind: 'profile'; backend: BackendChoice; threads: number; space: SpaceKey; mode: TrainMode; batch: number; warmup: number }
    | { kind: 'lsp'; lines: number; requests: number };

export async function runTask(task: Task): Promise<unknown> {
    if (task.kind === 'lsp') return timeLanguageServer(task.lines, task.requests);
    if (task.backend === 'wasm') registerThreadedWasm(task.threads);
    const backend = await selectBackend(task.backend);
    if (backend.name === 'wasm') installWasmKernels();
    if (task.kind === 'profile') return profileStep(task.space, task.mode, task.batch, task.warmup);
    const fixed = await loadFixed(task.space);
    const about = { space: task.space, backend: backend.name, threads: backend.threads, simd: backend.simd };
    if (task.kind === 'train') return { ...about, ...(await timeTraining(fixed, task.mode, task.batch, task.steps, task.warmup, task.workers)) };
    return { ...about, ...(await timeRanking(fixed, task.architectures, task.images)) };
}
