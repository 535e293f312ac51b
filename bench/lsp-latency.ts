/**
 * Language-server latency on a large space file: the time from a document's text to its published
 * diagnostics (parse, link, validate: what the server does on open and after every edit), and the
 * time to answer completion at a spread of cursor positions, through the same Langium services the
 * server runs.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { Position } from 'vscode-languageserver-types';
import type { Model } from '../src/language/generated/ast.js';
import { createSmashServices } from '../src/language/smash-module.js';
import { median, peakRssMb, percentile } from './measure.js';

export interface LspFigures {
    lines: number;
    diagnostics: number;
    errors: number;
    /** Milliseconds from text to diagnostics of the first document: parser and validator not yet optimised by the JIT. */
    coldBuildMs: number;
    /** Milliseconds from text to diagnostics, over `builds` fresh documents once warm. */
    buildP50Ms: number;
    buildP95Ms: number;
    builds: number;
    completionP50Ms: number;
    completionP95Ms: number;
    completions: number;
    peakRssMb: number;
}

/** Builds before the timed ones. */
const WARMUP = 5;

export async function timeLanguageServer(lines: number, requests: number): Promise<LspFigures> {
    const { text, cursors } = generateSpace(lines);
    const { shared, Smash } = createSmashServices(EmptyFileSystem);
    const documents = shared.workspace.LangiumDocuments;
    const build = async (n: number): Promise<{ document: LangiumDocument<Model>; ms: number }> => {
        const document = shared.workspace.LangiumDocumentFactory.fromString<Model>(text, URI.parse(`file:///bench/large-${n}.smash`));
        const start = performance.now();
        documents.addDocument(document);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        return { document, ms: performance.now() - start };
    };
    // A server that has been running a while has its parser and validator optimised by the JIT;
    // the first builds (the cold one is reported) and completions warm them up.
    const warm = await build(0);
    const coldBuildMs = warm.ms;
    const buildMs: number[] = [];
    for (let i = 1; i <= WARMUP + requests; i++) {
        const { document, ms } = await build(i);
        if (i > WARMUP) buildMs.push(ms);
        documents.deleteDocument(document.uri);
    }
    const completion = Smash.lsp.CompletionProvider!;
    const completionMs: number[] = [];
    for (let i = 0; i < cursors.length + requests; i++) {
        const position = cursors[i % cursors.length]!;
        const start = performance.now();
        await completion.getCompletion(warm.document, { textDocument: { uri: warm.document.uri.toString() }, position });
        if (i >= cursors.length) completionMs.push(performance.now() - start);
    }
    const diagnostics = warm.document.diagnostics ?? [];
    return {
        lines: text.split('\n').length,
        diagnostics: diagnostics.length,
        errors: diagnostics.filter((d) => d.severity === 1).length,
        coldBuildMs, buildP50Ms: median(buildMs), buildP95Ms: percentile(buildMs, 95), builds: buildMs.length,
        completionP50Ms: median(completionMs), completionP95Ms: percentile(completionMs, 95), completions: requests,
        peakRssMb: peakRssMb(),
    };
}

/**
 * A valid space of about `lines` lines: the usual sections, three blocks, and as many documented op
 * families as it takes, each block drawing from a third of them. `cursors` are completion positions
 * of every kind: a knob name in an op, a knob's value, a value inside a set, a family in `ops`.
 */
export function generateSpace(lines: number): { text: string; cursors: Position[] } {
    const families = Math.max(3, Math.floor((lines - 60) / 11));
    const out: string[] = [];
    const cursors: Position[] = [];
    const names = Array.from({ length: families }, (_, i) => `family${i}`);
    const third = (b: number) => names.filter((_, i) => i % 3 === b);
    out.push('// Generated for the language-server benchmark.', 'space Large {', '    data cifar10 { path "data/cifar-10-batches-bin" validation 5000 }',
        '    input 32 x 32 x 3', '    classes 10', '    unit 8', '    maxWidth 64', '    slice 2', '    seed 7', '',
        '    stem { kernel 3 width 64 }', '');
    for (const b of [0, 1, 2]) {
        out.push(`    block b${b + 1} {`, '        bankSize {1, 2, 4}', `        maxBanks ${16 + 4 * b}`, '        budget 0.3 .. 1.0 anneal 50%');
        const refs = third(b);
        cursors.push({ line: out.length, character: '        ops '.length });
        for (let i = 0; i < refs.length; i += 8) {
            const chunk = refs.slice(i, i + 8).map((name, j) => `${name}: ${1 + ((i + j) % 3)}`).join(', ');
            out.push(`${i === 0 ? '        ops ' : '            '}${chunk}${i + 8 < refs.length ? ',' : ''}`);
        }
        out.push('    }');
        if (b < 2) out.push(`    transition { width ${96 + 16 * b} pool avg }`);
        out.push('');
    }
    names.forEach((name, i) => {
        const kernels = ['{3}', '{3, 5}', '{1, 3}'][i % 3]!;
        out.push(
            `    /** Op family ${i}: ${i % 2 === 0 ? 'one or two paths' : 'a single path'} with kernels ${kernels}. */`,
            `    op ${name} {`,
            `        paths 1 .. ${1 + (i % 2)}`,
            `        depth 1 .. ${1 + ((i >> 1) % 2)}`,
            `        kernel ${kernels}`,
            `        dilation ${i % 3 === 1 ? '{1}' : '{1, 2}'}`,
            `        groups {1, 2, 4}`,
            '        activation {relu: 0.75, tanh: 0.25}',
            `        bottleneck 1 .. 4`,
            '    }',
            '',
        );
        const close = out.length - 2;
        if (i % 7 === 0) cursors.push({ line: close - 1, character: 8 }, { line: close - 5, character: 15 }, { line: close - 4, character: 18 });
    });
    out.push('    hypernet { growth 10 stages [4, 4, 2] }',
        '    train { epochs 10 batch 64 optimizer adam(lr 1e-3, betas 0.5 0.999, eps 1e-4) schedule cosine weightDecay 1e-4 augment crop 4, flip }',
        '    search { random 100 perturb 20 hillclimb 20 perturbProb 0.05 }',
        '    retrain { top 1 epochs 10 optimizer sgd(lr 0.1, momentum 0.9, nesterov) }',
        '}');
    return { text: out.join('\n') + '\n', cursors };
}
