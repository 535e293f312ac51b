/** The benchmark's figures and their plain-text table. */
import type { LspFigures } from './lsp-latency.js';
import type { RankFigures } from './rank-speed.js';
import type { TorchFigures } from './torch-ref.js';
import type { TrainFigures } from './train-speed.js';

interface Measured {
    space: string;
    backend: string;
    threads: number | null;
    simd: boolean | null;
}

export interface Report {
    date: string;
    machine: { cpu: string; cores: number; memoryGb: number; node: string; loadAtStart: number[]; loadAtEnd?: number[] };
    backend: string;
    architectures: Array<{ space: string; file: string; macs: number; smashNetMacs: number; hypernetMacs: number; ops: number[] }>;
    training: Array<TrainFigures & Measured & { torch?: TorchFigures & { tried: TorchFigures[] } }>;
    ranking: Array<RankFigures & Measured>;
    languageServer?: LspFigures;
    torchNote?: string;
}

const f1 = (n: number) => n.toFixed(1);
const load = (l: [number, number]) => `${l[0].toFixed(1)}/${l[1].toFixed(1)}`;

export function printReport(r: Report): void {
    const out: string[] = [];
    out.push(`SMASH engine benchmark, ${r.date}`);
    out.push(`machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load average ${r.machine.loadAtStart.map(f1).join(' ')} at start, ${r.machine.loadAtEnd?.map(f1).join(' ')} at end`);
    out.push('', 'Fixed architectures (forward multiply-accumulates per image):');
    for (const a of r.architectures) {
        out.push(`  ${a.space} (${a.file}): ${f1(a.macs / 1e6)} M as its own network, ${f1(a.smashNetMacs / 1e6)} M in the SMASH net + ${f1(a.hypernetMacs / 1e6)} M HyperNet per step; ops per block ${a.ops.join('/')}`);
    }
    if (r.training.length > 0) {
        out.push('', 'Training (median step; GFLOP/s = 6 x forward MACs per second; load = 1-min load average before/after):');
        out.push('  space         step     batch  workers  ms/step  CPU ms   img/s  GFLOP/s  GFLOP/CPU-s  peak MB  load      | PyTorch: ms/step  img/s  GFLOP/s  ratio');
        for (const t of r.training) {
            let line = `  ${t.space.padEnd(13)} ${t.mode.padEnd(8)} ${String(t.batch).padStart(5)}  ${String(t.workers ?? 1).padStart(7)}  ${f1(t.wallMs).padStart(8)}  ${f1(t.cpuMs).padStart(6)}  ${f1(t.imagesPerSecond).padStart(6)}  ${f1(t.gflops).padStart(7)}  ${f1(t.gflopsPerCpuSecond).padStart(11)}  ${f1(t.peakRssMb).padStart(7)}  ${load(t.load).padEnd(9)}`;
            if (t.torch) {
                const torchImages = (t.torch.batch * 1000) / t.torch.wallMs;
                const torchGflops = (6 * t.torch.macs * t.torch.batch) / (t.torch.wallMs * 1e6);
                line += ` | ${f1(t.torch.wallMs).padStart(16)}  ${f1(torchImages).padStart(5)}  ${f1(torchGflops).padStart(7)}  ${(t.imagesPerSecond / torchImages).toFixed(3)}`;
                line += `  (${t.torch.tried.map((c) => `${c.threads} thr${c.passive ? ' passive' : ''} ${f1(c.wallMs)}`).join(', ')} ms)`;
                if (t.torch.macs * t.batch !== t.stepMacs) line += ` (PyTorch counts ${t.torch.macs} MACs per image)`;
            }
            out.push(line);
        }
    }
    if (r.torchNote) out.push('', r.torchNote);
    if (r.ranking.length > 0) {
        out.push('', 'Ranking (architectures scored per second, each on 1,000 validation images):');
        for (const k of r.ranking) {
            out.push(`  ${k.space.padEnd(13)} ${k.architecturesPerSecond.toFixed(2)} arch/s (${f1(k.wallMs)} ms wall, ${f1(k.cpuMs)} ms CPU each; batch ${k.batch}; ${f1(k.meanMacs / 1e6)} M MACs per image on average; peak ${f1(k.peakRssMb)} MB; load ${load(k.load)})`);
        }
    }
    const l = r.languageServer;
    if (l) {
        out.push('', `Language server (${l.lines}-line space, ${l.diagnostics} diagnostics, ${l.errors} errors):`);
        out.push(`  diagnostics: p50 ${f1(l.buildP50Ms)} ms, p95 ${f1(l.buildP95Ms)} ms over ${l.builds} builds once warm (target 100 ms); the very first build ${f1(l.coldBuildMs)} ms`);
        out.push(`  completion:  p50 ${f1(l.completionP50Ms)} ms, p95 ${f1(l.completionP95Ms)} ms over ${l.completions} requests (target p95 30 ms)`);
    }
    console.log(out.join('\n'));
}
