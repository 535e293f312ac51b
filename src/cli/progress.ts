/**
 * What the engine commands share: the checked space of a file, progress lines from run events,
 * and Ctrl-C / SIGTERM turned into a clean stop at the next step.
 */
import type { RunEvent } from '../shared/protocol.js';
import { formatRecord, toRecord } from './check.js';
import { checkFiles } from './documents.js';

/** The compiled space of a file without errors; otherwise prints the errors and returns undefined. */
export async function checkedSpace(file: string, out: (line: string) => void) {
    const [checked] = await checkFiles([file]);
    const errors = checked!.diagnostics.filter((d) => d.severity === 1);
    if (checked!.space && errors.length === 0) return checked!.space;
    for (const d of errors) out(formatRecord(toRecord(file, d)));
    process.stderr.write(`smash: ${file} has errors; fix them first\n`);
    return undefined;
}

export function stopOnSignal(out: (line: string) => void): { requested: () => boolean; dispose: () => void } {
    let requested = false;
    const handler = (signal: NodeJS.Signals) => {
        if (requested) process.exit(130);
        requested = true;
        out(`${signal}: stopping after the current step (again to quit at once)`);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return {
        requested: () => requested,
        dispose: () => {
            process.off('SIGINT', handler);
            process.off('SIGTERM', handler);
        },
    };
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const eta = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${Math.round(s / 60)} min` : `${Math.round(s)} s`);

/** One line per event worth a line; train steps at most every 10 s. */
export function printEvent(e: RunEvent, out: (line: string) => void): void {
    switch (e.type) {
        case 'run-start': return out(`${e.resumed ? 'resuming' : 'starting'} ${e.manifest.name} (seed ${e.manifest.seed})`);
        case 'phase': return out(`== ${e.phase}${e.detail ? `: ${e.detail}` : ''}`);
        case 'log': return out(`${e.level === 'warning' ? 'warning: ' : ''}${e.message}`);
        case 'train-step':
            if (shouldPrintStep()) out(`${e.rank ? `#${e.rank} ` : ''}step ${e.step}/${e.steps}  loss ${e.loss.toFixed(3)}  acc ${pct(e.accuracy)}  lr ${e.lr.toExponential(2)}  ${e.imagesPerSecond.toFixed(1)} img/s  eta ${eta(e.eta)}`);
            return;
        case 'epoch': return out(`${e.phase}${e.rank ? ` #${e.rank}` : ''} epoch ${e.epoch + 1}/${e.epochs}  loss ${e.loss.toFixed(3)}  val acc ${pct(e.valAccuracy)}  (${e.seconds.toFixed(0)} s, eta ${eta(e.eta)})`);
        case 'scored': return out(`${e.stage} ${e.index + 1}  score ${pct(e.score)}  best ${pct(e.best)}  ${(e.params / 1e3).toFixed(0)}k params  eta ${eta(e.eta)}`);
        case 'retrained': return out(`retrained #${e.rank} ${e.id}: test error ${pct(e.testError)} (${e.seconds.toFixed(0)} s)`);
        case 'run-end': return out(`run ${e.status}${e.message ? `: ${e.message}` : ''}`);
        case 'checkpoint': return;
    }
}

let lastStepLine = 0;
function shouldPrintStep(): boolean {
    const now = Date.now();
    if (now - lastStepLine < 10_000) return false;
    lastStepLine = now;
    return true;
}
