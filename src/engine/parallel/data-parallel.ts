/**
 * Data-parallel training steps over worker threads, one TensorFlow.js backend each, to use more
 * than one core with the single-threaded wasm backend. Each step's batch is split into fixed
 * shards (rows in order, the first shards one image larger when it does not divide); shard 0 runs
 * here while the workers run the others, starting from the state sent with the request. Losses,
 * gradients and BN running statistics are combined weighted by shard size, always in shard order,
 * so a given worker count gives the same numbers every run, and after a resume.
 *
 * BN normalises each shard with its own statistics (as PyTorch's DistributedDataParallel does
 * without SyncBatchNorm), so results depend on the worker count; the optimiser runs here only.
 */
import { Worker } from 'node:worker_threads';
import type { BackendChoice } from '../backend/backend.js';
import type { Optimizer } from '../train/optim.js';
import { tf } from '../backend/tf.js';
import type { StepResult } from '../train/train-loop.js';
import type { ShardRequest, WorkerInit, WorkerReply } from './protocol.js';
import { shardGradients, type ShardModel, type ShardModelSpec, type ShardResult } from './shard-model.js';
import { workerScript } from './worker-script.js';

type ShardReply = Extract<WorkerReply, { type: 'shard' }>;

export class DataParallel {
    private constructor(private readonly workers: Worker[]) {}

    /** Starts count - 1 workers (the calling thread computes one shard itself). */
    static async start(count: number, backend: BackendChoice, spec: ShardModelSpec): Promise<DataParallel> {
        if (!Number.isInteger(count) || count < 2) throw new RangeError(`data-parallel training needs at least 2 shards, got ${count}`);
        const script = workerScript('parallel-worker.cjs', 'data-parallel training');
        const workers = Array.from({ length: count - 1 }, () => new Worker(script, { workerData: { backend, spec } satisfies WorkerInit }));
        const parallel = new DataParallel(workers);
        try {
            await Promise.all(workers.map((w) => nextReply(w)));
        } catch (error) {
            await parallel.close();
            throw error;
        }
        return parallel;
    }

    get shards(): number {
        return this.workers.length + 1;
    }

    /** One optimiser update from the batch x: [batch, H, W, C], y: [batch]. */
    async step(model: ShardModel, optimizer: Optimizer, lr: number, x: tf.Tensor4D, y: tf.Tensor1D, step: number, progress: number): Promise<StepResult> {
        const [batch, h, w, c] = x.shape;
        const sizes = shardSizes(batch, this.shards);
        if (sizes.some((s) => s === 0)) throw new RangeError(`a batch of ${batch} cannot be split into ${this.shards} shards`);
        const state = await Promise.all([...model.parameters.map((p) => p.variable), ...Object.values(model.statistics)].map(async (v) => (await v.data()) as Float32Array));
        const xs = (await x.data()) as Float32Array;
        const ys = (await y.data()) as Int32Array;
        const pixels = h * w * c;
        let start = sizes[0]!;
        const replies = this.workers.map((worker, i) => {
            const size = sizes[i + 1]!;
            const request: ShardRequest = {
                state, x: xs.slice(start * pixels, (start + size) * pixels), shape: [size, h, w, c],
                y: ys.slice(start, start + size), step, progress,
            };
            start += size;
            const reply = nextReply(worker);
            worker.postMessage(request, [request.x.buffer as ArrayBuffer, request.y.buffer as ArrayBuffer]);
            return reply as Promise<ShardReply>;
        });
        const own = [tf.slice(x, 0, sizes[0]), tf.slice(y, 0, sizes[0])] as const;
        let here: ShardResult;
        try {
            here = await shardGradients(model, own[0], own[1], step, progress);
        } finally {
            tf.dispose([...own]);
        }
        let others: ShardReply[];
        try {
            others = await Promise.all(replies);
        } catch (error) {
            tf.dispose(Object.values(here.grads));
            throw error;
        }
        const weights = sizes.map((s) => s / batch);
        const grads = tf.tidy(() => {
            const out: Record<string, tf.Tensor> = {};
            model.parameters.forEach((p, i) => {
                const own = here.grads[p.name];
                if (!own) return;
                let sum = tf.mul(own, weights[0]!);
                others.forEach((o, k) => {
                    const g = o.grads[i];
                    if (g) sum = tf.add(sum, tf.mul(tf.tensor(g, own.shape), weights[k + 1]!));
                });
                out[p.name] = tf.keep(sum);
            });
            return out;
        });
        tf.dispose(Object.values(here.grads));
        tf.tidy(() => Object.values(model.statistics).forEach((v, i) => {
            let sum = tf.mul(v, weights[0]!);
            others.forEach((o, k) => { sum = tf.add(sum, tf.mul(tf.tensor(o.statistics[i]!, v.shape), weights[k + 1]!)); });
            v.assign(sum);
        }));
        optimizer.step(grads, lr);
        tf.dispose(Object.values(grads));
        return {
            loss: others.reduce((sum, o, k) => sum + o.loss * weights[k + 1]!, here.loss * weights[0]!),
            correct: others.reduce((sum, o) => sum + o.correct, here.correct),
        };
    }

    async close(): Promise<void> {
        await Promise.all(this.workers.map((w) => w.terminate()));
    }
}

/** Sizes of `count` shards of a batch, in order, the first ones one larger when it does not divide. */
export function shardSizes(batch: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => Math.floor(batch / count) + (i < batch % count ? 1 : 0));
}

/** The worker's next reply; an error reply, a crash or an exit rejects. */
function nextReply(worker: Worker): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
        const cleanup = () => {
            worker.off('message', onMessage);
            worker.off('error', onError);
            worker.off('exit', onExit);
        };
        const onMessage = (reply: WorkerReply) => {
            cleanup();
            if (reply.type === 'error') reject(new Error(`training worker: ${reply.message}`));
            else resolve(reply);
        };
        const onError = (error: Error) => {
            cleanup();
            reject(new Error(`training worker failed: ${error.message}`));
        };
        const onExit = (code: number) => {
            cleanup();
            reject(new Error(`training worker exited with code ${code}`));
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
    });
}
