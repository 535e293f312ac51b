/** `smash results DIR` and `smash export DIR --rank N`: read a run's results.json. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, type ExportFormat, type RunResults } from '../shared/protocol.js';
import { exportedJson, exportRun } from '../engine/export/export-run.js';
import { intervalText, rankingCaveats, smashValidationText } from '../shared/trust.js';
import { describeBackend } from '../shared/backend-label.js';

export class RunFilesError extends Error {}

export function readResults(dir: string): RunResults {
    const path = join(dir, RUN_FILES.results);
    if (!existsSync(path)) {
        const why = existsSync(join(dir, RUN_FILES.manifest)) ? 'the run has not finished ranking yet' : 'it is not a SMASH run directory';
        throw new RunFilesError(`no ${RUN_FILES.results} in ${dir}: ${why}`);
    }
    try {
        return JSON.parse(readFileSync(path, 'utf8')) as RunResults;
    } catch (error) {
        throw new RunFilesError(`${path} is not valid JSON: ${(error as Error).message}`);
    }
}

export function runResults(dir: string, json: boolean, top: number, out: (line: string) => void): number {
    const results = readResults(dir);
    if (json) {
        out(JSON.stringify(results, null, 2));
        return 0;
    }
    const pct = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(2)}%`);
    out(`${results.name}  (${results.status}, seed ${results.seed}, backend ${describeBackend(results.backend)})`);
    out(['rank', 'id', 'score', 'params', 'MACs', 'retrained test error'].join('\t'));
    for (const a of results.architectures.slice(0, top)) {
        out([a.rank, a.id, pct(a.score), a.params, a.macs, pct(a.retrained?.testError)].join('\t'));
    }
    const c = results.correlation;
    if (c) {
        out(`rank correlation with retrained test error over ${c.n} architectures (95% bootstrap intervals):`);
        out(`  SMASH score      Spearman ${intervalText(c.smash.spearman)}  Kendall ${intervalText(c.smash.kendall)}`);
        out(`  parameter count  Spearman ${intervalText(c.params.spearman)}  Kendall ${intervalText(c.params.kendall)}`);
        out(`  MACs             Spearman ${intervalText(c.macs.spearman)}  Kendall ${intervalText(c.macs.kendall)}`);
    }
    if (results.smash) out(smashValidationText(results.smash));
    for (const caveat of rankingCaveats(results)) out(caveat);
    return 0;
}

export function runExport(dir: string, rank: number, format: ExportFormat, output: string | undefined, out: (line: string) => void): number {
    if (output !== undefined) {
        out(exportRun({ runDir: dir, rank, format, output }).summary);
        return 0;
    }
    // JSON to standard output, for pipes.
    const results = readResults(dir);
    const entry = results.architectures.find((a) => a.rank === rank);
    if (!entry) throw new RunFilesError(`no architecture of rank ${rank} in ${dir} (ranks 1..${results.architectures.length})`);
    out(JSON.stringify(exportedJson(results, entry), null, 2));
    return 0;
}
