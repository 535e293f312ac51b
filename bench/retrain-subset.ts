/**
 * `node out/bench/retrain-subset.mjs REPORT OUT [options]` (built by scripts/bench-build.mjs): the
 * one-knob experiments of docs/results/correlation-notes.md on the seed agreement. It retrains N
 * networks of a finished correlation benchmark's spread set (evenly spread by score) with the
 * benchmark's seeds and sizes, changing only what the options say, and prints, beside the report's
 * own retrainings of the same networks, how far two seeds differ, how far the networks spread and
 * how well the seeds agree.
 *   --networks N        networks of the spread set (default 8)
 *   --train N           training images (default: the benchmark's)
 *   --retrain-epochs N  retraining epochs (default: the benchmark's)
 *   --held-out          also measure every network on the training-pool images that neither
 *                       training nor validation uses (in place of the validation error)
 * OUT keeps a checkpoint per retraining and results.json, so running it again continues.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkedSpace } from '../src/cli/progress.js';
import { SEED_AGREEMENT_FLOOR, seedAgreement, type Retrained } from '../src/engine/bench/analysis.js';
import { benchConfig, benchSpace, retrainSeeds, type BenchConfig } from '../src/engine/bench/config.js';
import { selectBackend } from '../src/engine/backend/backend.js';
import { loadData } from '../src/engine/data/load.js';
import { computeNormalization } from '../src/engine/data/normalize.js';
import { EventLog } from '../src/engine/run/event-log.js';
import { Random } from '../src/engine/random.js';
import { validateArchitecture } from '../src/engine/space/architecture-validate.js';
import { kendall } from '../src/engine/stats.js';
import { prepareData } from '../src/engine/train/pipeline.js';
import { retrainQueue, wantedParallelism } from '../src/engine/train/retrain-queue.js';

interface ReportEntry {
    id: string;
    score: number;
    params: number;
    retrained: Retrained[] | null;
    architecture: unknown;
}

const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { networks: { type: 'string' }, train: { type: 'string' }, 'retrain-epochs': { type: 'string' }, 'held-out': { type: 'boolean' } },
});
const [reportFile, out] = positionals;
if (!reportFile || !out) {
    console.error('usage: retrain-subset.mjs REPORT_JSON OUT_DIR [--networks N] [--train N] [--retrain-epochs N] [--held-out]');
    process.exit(2);
}
const whole = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} needs a whole number >= 1, got '${text}'`);
    return n;
};

const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
    spaceFile: string; config: BenchConfig; selection: { spread: string[] }; architectures: ReportEntry[];
};
const spaceFile = resolve(report.spaceFile);
const compiled = await checkedSpace(spaceFile, console.log);
if (!compiled) process.exit(1);
const config = benchConfig(compiled, {
    ...report.config,
    ...(values.train ? { train: whole('train', values.train) } : {}),
    ...(values['retrain-epochs'] ? { retrainEpochs: whole('retrain-epochs', values['retrain-epochs']) } : {}),
});
const space = benchSpace(compiled, config);

const spread = report.selection.spread;
const n = Math.min(whole('networks', values.networks) ?? 8, spread.length);
const chosen = Array.from({ length: n }, (_, j) => spread[Math.round((j * (spread.length - 1)) / Math.max(1, n - 1))]!);
const byId = new Map(report.architectures.map((a) => [a.id, a]));

mkdirSync(out, { recursive: true });
const resultsPath = join(out, 'results.json');
/** Per network id, its retrainings; with --held-out, valError is the error on the unused training-pool images. */
const results: Record<string, Retrained[]> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
const backend = await selectBackend('wasm');
const log = new EventLog(join(out, 'events.jsonl'), (e) => {
    if (e.type === 'log') console.log(e.message);
});
const split = await prepareData(space, spaceFile, undefined, log);
if (values['held-out']) {
    const { pools } = await loadData(space.data, { baseDir: resolve(spaceFile, '..') });
    if (pools.train.data.count !== split.train.data.count) throw new Error('the training split is not drawn from the whole training pool');
    const used = new Set([...split.train.indices, ...split.validation.indices]);
    split.validation = { data: split.train.data, indices: Int32Array.from([...pools.train.indices].filter((i) => !used.has(i))) };
    console.log(`held-out: ${split.validation.indices.length} unused training-pool images`);
}
const seeds = retrainSeeds(config);
const jobs = chosen.flatMap((id, i) => seeds.map((seed) => ({
    rank: i + 1, id, seed, checkpointPath: join(out, `${id}-${seed}.ckpt`),
    architecture: validateArchitecture(space, byId.get(id)!.architecture),
}))).filter((job) => !results[job.id]?.some((r) => r.seed === job.seed));
console.log(`${space.name}: ${config.train} training images, ${config.retrainEpochs} epochs, ${jobs.length} retrainings of ${n} networks`);
const outcome = await retrainQueue(space, jobs, {
    backend: backend.name, parallel: wantedParallelism(config.parallel), workers: 1,
    split, normalization: computeNormalization(split.train), log, shouldStop: () => false, stepsAfter: () => 0,
    onRetrained: (job, r) => {
        results[job.id] = [...(results[job.id] ?? []), { seed: job.seed, testError: r.testError, valError: r.valError, seconds: r.seconds }]
            .sort((a, b) => a.seed - b.seed);
        writeFileSync(resultsPath, JSON.stringify(results, null, 1));
        console.log(`${job.id} seed ${job.seed}: test error ${(100 * r.testError).toFixed(2)} % in ${r.seconds.toFixed(0)} s`);
    },
});
log.close();
if (outcome === 'stopped') process.exit(130);

/** One row of the comparison: the seed statistics of the report's own analysis over the chosen networks, in `chosen` order. */
function row(name: string, networks: Retrained[][]): string {
    // Only the estimates are printed, so one bootstrap resample is enough.
    const s = seedAgreement(networks, seeds, new Random(`${config.seed}:retrain-subset`), 1);
    const means = networks.map((runs) => runs.reduce((a, r) => a + r.testError, 0) / runs.length);
    const points = (x: number) => (100 * x).toFixed(2);
    const entries = chosen.map((id) => byId.get(id)!);
    return `| ${name} | ${points(means.reduce((a, b) => a + b, 0) / means.length)} % | ${points(s.meanAbsoluteDifference)} | ${points(s.spreadAcrossNetworks)} | `
        + `${points(s.spreadNeeded)} | ${s.kendall.estimate.toFixed(2)} | `
        + `${kendall(entries.map((e) => -e.params), means).toFixed(2)} | ${kendall(entries.map((e) => e.score), means).toFixed(2)} |`;
}
console.log(`\n| ${n} networks | mean test error | two seeds differ | spread | needed for ${SEED_AGREEMENT_FLOOR} | seed tau | parameters tau | SMASH tau |`);
console.log('|---|---|---|---|---|---|---|---|');
console.log(row(`${report.config.train} x ${report.config.retrainEpochs} epochs (the report)`, chosen.map((id) => byId.get(id)!.retrained!)));
console.log(row(`${config.train} x ${config.retrainEpochs} epochs`, chosen.map((id) => results[id]!)));
