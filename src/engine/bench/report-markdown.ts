/**
 * The benchmark's markdown report: a summary table and one verdict sentence, the run's conditions,
 * seed agreement, the correlations, top-k vs random-k, the corrupted-code test, every retrained
 * network with both seeds, and the closing figures against the goal. Numbers only come from the
 * state and the analysis.
 */
import { relative } from 'node:path';
import { CODE_TEST_LEVEL, SEED_AGREEMENT_FLOOR, seedMean, type BenchAnalysis, type Correlation, type PairedScoreTest, type Predictor } from './analysis.js';
import { retrainSeeds, SMALLEST_TEST_POOL, type BenchConfig } from './config.js';
import type { SmashValidation } from '../../shared/protocol.js';
import { opsUnused, opUseText } from '../../shared/trust.js';
import { byScore } from './select.js';
import type { BenchState } from './state.js';

/** The issue's goal for the ranking: Kendall tau on the spread set. */
export const TAU_GOAL = 0.6;

/** The sets an architecture was retrained for: spread, top-k, random-k. */
export function membership(state: BenchState, id: string): string[] {
    const s = state.selection;
    if (!s) return [];
    return [s.spread.includes(id) && 'spread', s.top.includes(id) && 'top-k', s.random.includes(id) && 'random-k'].filter((x): x is string => x !== false);
}

/** Networks retrained with every seed, best-scored first, with their seed mean. */
export function retrainedNetworks(state: BenchState) {
    const seeds = retrainSeeds(state.config);
    return byScore(state.pool).flatMap((e) => {
        const m = seedMean(state.retrained[e.id], seeds);
        return m === undefined ? [] : [{ ...e, runs: state.retrained[e.id]!, meanError: m }];
    });
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const inPoints = (x: number) => (100 * x).toFixed(2);
/** "p = 0.163", or "p < 0.001" below what three decimals show. */
export const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
/** A coefficient to `digits` places; n/a where tied values leave it undefined (NaN). */
export const coefficient = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
/** "estimate [low, high]"; n/a where undefined (a tau over tied errors). */
export const interval = (i: { estimate: number; low: number; high: number }) => `${coefficient(i.estimate)} [${coefficient(i.low)}, ${coefficient(i.high)}]`;
const duration = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);

const PREDICTOR_NAMES: Record<Predictor, string> = {
    smash: 'SMASH score',
    params: 'parameter count (more = better)',
    macs: 'multiply-accumulates (more = better)',
};

function correlationRows(set: Record<Predictor, Correlation>, label: string): string[] {
    return (Object.keys(PREDICTOR_NAMES) as Predictor[]).map((p) =>
        `| ${label} | ${PREDICTOR_NAMES[p]} | ${set[p].n} | ${interval(set[p].spearman)} | ${interval(set[p].kendall)} |`);
}

/**
 * How the steps ran on wasm and cpu: the SMASH network's split over the workers, the retrainings
 * side by side or split the same way. libtensorflow and WebGPU use the whole device themselves.
 */
function dataParallel(state: BenchState): string {
    if (state.backend.name !== 'wasm' && state.backend.name !== 'cpu') return '';
    const n = state.config.workers;
    const workers = `${n} data-parallel worker${n === 1 ? '' : 's'}`;
    const parallel = state.config.parallel ?? 1;
    return parallel === 1
        ? `, ${workers}`
        : `, ${workers} for the SMASH network; retrained ${parallel === 'auto' ? `${2 * state.machine.cores}` : parallel} at a time, each on one thread`;
}

/** The one-sentence verdict: can a predictor be judged, and if so, does SMASH order as training does. */
export function verdict(analysis: BenchAnalysis): string {
    const agreement = analysis.seedAgreement.kendall.estimate;
    const tau = analysis.all.smash.kendall.estimate;
    const baselines = `parameter count ${coefficient(analysis.all.params.kendall.estimate)}, MACs ${coefficient(analysis.all.macs.kendall.estimate)}`;
    if (!Number.isFinite(agreement)) {
        return 'Retraining at this length gives the networks tied test errors, so the two seeds give no order to agree on and no predictor '
            + 'can be judged by this run.';
    }
    if (!analysis.judgeable) {
        return `Retraining at this length does not agree with itself (Kendall tau ${coefficient(agreement)} between two seeds, below ${SEED_AGREEMENT_FLOOR}), `
            + `so no predictor can be judged by this run; the SMASH score's tau of ${coefficient(tau)} (${baselines}) says nothing either way.`;
    }
    const beats = tau > analysis.all.params.kendall.estimate && tau > analysis.all.macs.kendall.estimate;
    return tau >= TAU_GOAL && beats
        ? `The SMASH score orders architectures as training does: Kendall tau ${coefficient(tau)} against the seed means, above both baselines (${baselines}).`
        : `The SMASH score does not order architectures well enough: Kendall tau ${coefficient(tau)} against the seed means (goal ${TAU_GOAL}, ${baselines}).`;
}

function summaryTable(analysis: BenchAnalysis): string[] {
    const a = analysis;
    const tau = a.all.smash.kendall.estimate;
    const tvr = a.topVsRandom;
    const yesNo = (ok: boolean) => (ok ? 'yes' : 'no');
    return [
        '| measure | value | criterion | met |',
        '|---|---|---|---|',
        `| seed agreement: Kendall tau between the two seeds' test errors (n = ${a.seedAgreement.n}) | ${interval(a.seedAgreement.kendall)} | >= ${SEED_AGREEMENT_FLOOR}, else no predictor can be judged | ${yesNo(a.judgeable)} |`,
        `| noise ceiling: Kendall tau a predictor of each network's expected error would reach against the seed means | ${interval(a.seedAgreement.ceiling)} | >= ${TAU_GOAL}, else no predictor can reach the goal | ${yesNo(a.seedAgreement.ceiling.estimate >= TAU_GOAL)} |`,
        `| SMASH score vs seed-mean test error, Kendall tau (n = ${a.all.smash.n}) | ${interval(a.all.smash.kendall)} | >= ${TAU_GOAL} | ${yesNo(tau >= TAU_GOAL)} |`,
        `| parameter count (more = better), Kendall tau | ${interval(a.all.params.kendall)} | SMASH above it | ${yesNo(tau > a.all.params.kendall.estimate)} |`,
        `| multiply-accumulates (more = better), Kendall tau | ${interval(a.all.macs.kendall)} | SMASH above it | ${yesNo(tau > a.all.macs.kendall.estimate)} |`,
        tvr
            ? `| top-${tvr.k} vs random-${tvr.k}: mean test error | ${pct(tvr.topMean)} vs ${pct(tvr.randomMean)} | top-k lower | ${yesNo(tvr.advantage > 0)} |`
            : '| top-k vs random-k | not measured | top-k lower | n/a |',
        `| corrupted code scores worse (sign test over ${a.corruption.n}) | ${a.corruption.worse} worse, ${a.corruption.better} better, ${pValue(a.corruption.p)} | p < ${CODE_TEST_LEVEL} | ${yesNo(a.corruption.usesCode)} |`,
        ...(a.randomWeights
            ? [`| control: random 1x1 weights score worse (sign test over ${a.randomWeights.n}) | ${a.randomWeights.worse} worse, ${a.randomWeights.better} better, ${pValue(a.randomWeights.p)} | p < ${CODE_TEST_LEVEL} | ${yesNo(a.randomWeights.usesWeights)} |`]
            : []),
    ];
}

/** The closing figures, whether or not the goal was reached (issue 9: tau >= 0.6 above both baselines, on seeds that agree). */
function againstGoal(analysis: BenchAnalysis): string[] {
    const a = analysis;
    const tau = a.all.smash.kendall.estimate;
    const baseline = Math.max(a.all.params.kendall.estimate, a.all.macs.kendall.estimate);
    const tvr = a.topVsRandom;
    return [
        `- Seed agreement (Kendall tau): ${coefficient(a.seedAgreement.kendall.estimate)} (needs ${SEED_AGREEMENT_FLOOR}): `
        + `${a.judgeable ? 'met' : 'not met, so the figures below cannot judge the predictor'}.`,
        `- Kendall tau of the SMASH score against the seed means on the spread set: ${coefficient(tau)} (goal ${TAU_GOAL}, noise ceiling `
        + `${coefficient(a.seedAgreement.ceiling.estimate)}): ${tau >= TAU_GOAL ? 'met' : 'not met'}.`,
        `- Above the best size baseline (${coefficient(baseline)}): ${tau > baseline ? 'yes' : 'no'}.`,
        `- Top-k beats random-k on the seed means: ${tvr ? `${tvr.advantage > 0 ? 'yes' : 'no'} (${inPoints(tvr.advantage)} points)` : 'not measured'}.`,
        `- The corrupted code scores worse (sign test p < ${CODE_TEST_LEVEL}): ${a.corruption.usesCode ? 'yes' : 'no'} (${pValue(a.corruption.p)}).`,
    ];
}

function smashValidationLine(v: SmashValidation): string {
    const accuracy = v.scored
        ? `The SMASH network scored the ${v.scored.architectures} candidates at ${pct(v.scored.accuracy)} validation accuracy on average (last epoch ${pct(v.accuracy)}, chance ${pct(v.chance)})`
        : `The SMASH network ended its training at ${pct(v.accuracy)} validation accuracy (chance ${pct(v.chance)})`;
    if (!v.opUse) return `${accuracy}.`;
    const unused = opsUnused(v.opUse) ? ': it barely uses its ops, so its scores cannot tell architectures apart' : '';
    return `${accuracy}; ${opUseText(v.opUse)}${unused}.`;
}

function seedAgreementText(analysis: BenchAnalysis, config: BenchConfig): string {
    const s = analysis.seedAgreement;
    const measured = `Over the ${s.n} networks of the spread set, the test errors of seed ${s.seeds[0]} and seed ${s.seeds[1]} agree at Kendall tau `
        + `${interval(s.kendall)} and Spearman rho ${interval(s.spearman)}. The two retrainings of a network differ by `
        + `${inPoints(s.meanAbsoluteDifference)} points on average; the seed means of different networks spread by ${inPoints(s.spreadAcrossNetworks)} `
        + 'points (standard deviation). '
        + `With that much seed noise, a predictor that knew each network's expected error would reach Kendall tau ${interval(s.ceiling)} `
        + `against the seed means (the noise ceiling, taking the noise as normal and alike for every network), so a predictor's tau below `
        + 'is best read against that figure rather than against 1.';
    return analysis.judgeable
        ? `${measured} Retraining orders the networks reproducibly (tau >= ${SEED_AGREEMENT_FLOOR}), so the correlations below can judge a predictor.`
        : `${measured} **${Number.isFinite(s.kendall.estimate) ? `This is below ${SEED_AGREEMENT_FLOOR}` : 'The errors are tied, so there is no order to agree on'}: at this retraining length, retraining does not order the networks reproducibly, `
          + `so no predictor can be judged against it, and the correlations below are reported only for completeness.** ${seedAdvice(s, config)}`;
}

/**
 * What would raise the seed agreement. Under the noise model of the ceiling, two seeds agree at
 * SEED_AGREEMENT_FLOOR only when the networks' seed means spread about 4 times as far as two
 * retrainings of one network differ, so the advice says how far that is. A part of the test pool
 * comes first (on Fashion-MNIST, all 10,000 test images instead of 1,000 took a quarter off the seed
 * difference); beyond that, twice the retraining epochs, twice the training images, and networks
 * 8 times apart in size each left the spread short of that there (docs/results/correlation-notes.md).
 */
function seedAdvice(s: BenchAnalysis['seedAgreement'], config: BenchConfig): string {
    const need = `Two seeds would agree at ${SEED_AGREEMENT_FLOOR} if the seed means spread by about ${inPoints(s.spreadNeeded)} points at this seed noise, `
        + `${(s.spreadNeeded / s.spreadAcrossNetworks).toFixed(1)} times as far as they do.`;
    const next = config.test < SMALLEST_TEST_POOL
        ? 'Measure on more test images first (`--test`): part of the difference between two seeds is the test split\'s sampling.'
        : 'The whole test pool is already used. Longer retraining (`--retrain-epochs`, `--train`, or `--scale` on a faster machine) helps only where it '
          + 'spreads the networks more than it steadies each one. On Fashion-MNIST, twice the epochs and twice the images did neither, '
          + 'and networks 8 times apart in size ended under 2 points apart; a harder task, on which architectures differ more, is the surer route.';
    return `${need} ${next}`;
}

function corruptionText(analysis: BenchAnalysis): string {
    const c = analysis.corruption;
    const counts = `Corrupted minus true SMASH score over ${c.n} architectures: ${pairedCounts(c, 'the corrupted code')}`;
    return c.usesCode
        ? `${counts} The HyperNet uses the code: the corrupted code scores worse significantly more often (p < ${CODE_TEST_LEVEL}).`
        : `${counts} **The HyperNet does not use the code:** the corrupted code does not score significantly worse (p >= ${CODE_TEST_LEVEL}`
          + `${c.worse > c.better ? '' : ', and not more often worse than better'}), so the scores reflect the shared weights rather than the architecture's description.`;
}

/** The control: whether the network uses the generated weights at all, and what that says about the code test. */
function randomWeightsText(analysis: BenchAnalysis): string {
    const r = analysis.randomWeights;
    if (!r) return 'The control with random 1x1 weights was not measured for this pool.';
    const counts = `As a control, every pool architecture was also scored with random 1x1 weights in place of the generated ones. `
        + `Random minus true SMASH score over ${r.n} architectures: ${pairedCounts(r, 'random weights')}`;
    if (!r.usesWeights) return `${counts} The network does not depend on the generated weights, so the code test above cannot show anything either.`;
    return analysis.corruption.usesCode
        ? `${counts} The network depends on the generated weights, and on the code they are generated from.`
        : `${counts} The network depends on the generated weights, but not on what the code says about each op's values: `
          + 'weights generated for the wrong widths, kernel sizes, dilations and groups serve as well as the right ones.';
}

function pairedCounts(t: PairedScoreTest, what: string): string {
    return `mean ${inPoints(t.meanDifference.estimate)} points [${inPoints(t.meanDifference.low)}, ${inPoints(t.meanDifference.high)}]; `
        + `${what} scored worse for ${t.worse}, the same for ${t.same} and better for ${t.better} (two-sided sign test, ties dropped: ${pValue(t.p)}).`;
}

export function reportMarkdown(state: BenchState, analysis: BenchAnalysis, notes?: string): string {
    const c = state.config;
    const seeds = retrainSeeds(c);
    const tvr = analysis.topVsRandom;
    const lines = [
        `# Does the SMASH score order architectures as training does? (${state.name})`,
        '',
        `Generated by \`smash bench correlation\` from \`${relative(process.cwd(), state.spaceFile) || state.spaceFile}\`. `
        + `${c.candidates} random architectures were scored by the trained SMASH network; ${c.spread} of them, evenly spread over `
        + `the score range (the paper took every 5th of 250), plus the ${c.k} best-scored and ${c.k} random ones, were trained from `
        + `scratch twice, with seeds ${seeds.join(' and ')} (initialisation and data order), with the same budget on the same split. `
        + 'Error rates are fractions of the held-out test split; predictors are compared with the mean of the two seeds; '
        + 'a positive coefficient means the predictor orders architectures as retraining does. Intervals are 95 % percentile bootstrap intervals.',
        '',
        '## Summary',
        '',
        ...summaryTable(analysis),
        '',
        ...(state.smashValidation ? [smashValidationLine(state.smashValidation), ''] : []),
        `**Verdict:** ${verdict(analysis)}`,
        '',
        '## Run',
        '',
        '| | |',
        '|---|---|',
        `| date | ${state.startedAt} to ${state.finishedAt ?? 'unfinished'} |`,
        `| machine | ${state.machine.cpu}, ${state.machine.cores} cores, ${state.machine.memoryGiB} GiB, ${state.machine.os}, Node ${state.machine.node} |`,
        `| backend | ${state.backend.name} (${state.backend.package} ${state.backend.version}, threads ${state.backend.threads ?? 'auto'}, SIMD ${state.backend.simd ?? 'auto'}), tfjs ${state.tfjs}${dataParallel(state)} |`,
        `| seed | ${c.seed} (retraining: ${seeds.join(', ')}) |`,
        `| wall time | ${duration(state.seconds.total)} (SMASH training and data ${duration(state.seconds.smash)}, scoring ${duration(state.seconds.scoring)}, retraining ${duration(state.seconds.retraining)}) |`,
        `| configuration | K = ${c.candidates}, M = ${c.spread}, k = ${c.k}, SMASH epochs ${c.smashEpochs}, retrain epochs ${c.retrainEpochs}, `
        + `${c.train} train / ${c.validation} validation / ${c.test} test images, scale ${c.scale}, ${c.resamples} bootstrap resamples`
        + `${c.norm ? `, scoring BN ${c.norm.kind}${c.norm.kind === 'recalibrate' ? ` ${c.norm.batches}` : ''}` : ''} |`,
        '',
        '## Does retraining agree with itself?',
        '',
        seedAgreementText(analysis, c),
        '',
        '## Rank correlation with retrained test error',
        '',
        'Against the mean of the two seeds\' test errors. "top half": the better-scored half of the spread set.',
        '',
        '| set | predictor | n | Spearman rho | Kendall tau |',
        '|---|---|---|---|---|',
        ...correlationRows(analysis.all, 'spread set'),
        ...correlationRows(analysis.topHalf, 'top half'),
        '',
        '![SMASH score vs retrained test error](correlation.svg)',
        '',
        'Each point is a network at its seed-mean test error; the grey whisker joins its two seeds\' errors, with a tick at each. '
        + 'Filled points: the spread set (the red line is their least-squares fit); hollow points: top-k and random-k architectures outside it.',
        '',
        '## Top-k vs random-k',
        '',
        tvr
            ? `Mean test error (seed means) of the ${tvr.k} best-scored architectures: ${pct(tvr.topMean)}; of ${tvr.k} random ones: ${pct(tvr.randomMean)} `
              + `(advantage ${inPoints(tvr.advantage)} points). A top-k network beats a random-k one in ${pct(tvr.beatsRandom)} of the ${tvr.k} x ${tvr.k} pairs.`
            : 'Not measured: no top-k or random-k architecture was retrained with both seeds.',
        '',
        '## Does the HyperNet use the code?',
        '',
        'Every pool architecture was also scored with a corrupted code: within each one-hot value field (op width G; per conv slot '
        + 'dilation, kernel size, groups, activation) the channel planes are rotated by a random non-zero offset, so every op is '
        + 'described with wrong values while its position, reads and writes, the network and the noise z stay the same.',
        '',
        corruptionText(analysis),
        '',
        randomWeightsText(analysis),
        '',
        '## Retrained architectures',
        '',
        `| id | sets | SMASH score | corrupted score | params | MMACs | ${seeds.map((s) => `test error, seed ${s}`).join(' | ')} | mean test error | val error (mean) | seconds (all seeds) |`,
        `|---|---|---|---|---|---|${seeds.map(() => '---|').join('')}---|---|---|`,
        ...retrainedNetworks(state).map((e) =>
            `| ${e.id} | ${membership(state, e.id).join(', ')} | ${pct(e.score)} | ${pct(e.corruptedScore)} | ${e.params} | ${(e.macs / 1e6).toFixed(1)} | `
            + `${e.runs.map((r) => pct(r.testError)).join(' | ')} | ${pct(e.meanError)} | ${pct(e.runs.reduce((a, r) => a + r.valError, 0) / e.runs.length)} | `
            + `${e.runs.reduce((a, r) => a + r.seconds, 0).toFixed(0)} |`),
        '',
        'Every scored architecture, with its architecture, is in [correlation.json](correlation.json).',
        '',
        '## Against the goal',
        '',
        ...againstGoal(analysis),
    ];
    if (notes) lines.push('', notes.trim());
    return lines.join('\n') + '\n';
}
