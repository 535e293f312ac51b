import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { SampledArchitecture } from '../../src/engine/space/sample-space.js';
import type { SampleStats } from '../../src/engine/space/sample-stats.js';
import { smash } from '../support/cli.js';
import { TINY_RUN } from '../support/spaces.js';

function tempFile(name: string, text: string): string {
    const file = join(mkdtempSync(join(tmpdir(), 'smash-sample-')), name);
    writeFileSync(file, text);
    return file;
}

const tiny = tempFile('tiny.smash', TINY_RUN);

describe('smash sample', () => {
    test('prints each architecture compactly, the same for the same seed', () => {
        const r = smash(['sample', tiny, '--count', '2', '--seed', '9']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/seed 9, 2 architectures/);
        expect(r.stdout).toMatch(/^#1 {2}[0-9a-f]{16} {2}[\d.,]+ k? ?params {2}[\d.,]+ [kM]? ?MACs$/m);
        expect(r.stdout).toMatch(/^ {2}block b1: bank size \d, \d banks/m);
        expect(r.stdout).toMatch(/^ {4}1\. small {2}reads [\d,]+ {2}writes [\d,]+ {2}width \d+ {2}1x1 \d+->\d+ \(bottleneck \d\) {2}paths \(1(, 1)?\): k3x3 d[12]x[12] g[12] relu/m);
        expect(smash(['sample', tiny, '--count', '2', '--seed', '9']).stdout).toBe(r.stdout);
        expect(smash(['sample', tiny, '--count', '2', '--seed', '10']).stdout).not.toBe(r.stdout);
    });

    test('without --seed it uses the space\'s seed, as a search does', () => {
        expect(smash(['sample', tiny, '--count', '3']).stdout).toBe(smash(['sample', tiny, '--count', '3', '--seed', '5']).stdout);
    });

    test('--json gives the architectures with the source range of every value, a prefix of a longer draw', () => {
        const three = JSON.parse(smash(['sample', tiny, '--json', '--count', '3']).stdout) as { seed: number; architectures: SampledArchitecture[] };
        const five = JSON.parse(smash(['sample', tiny, '--json', '--count', '5']).stdout) as typeof three;
        expect(three.seed).toBe(5);
        expect(five.architectures.slice(0, 3)).toEqual(three.architectures);
        const block = three.architectures[0]!.architecture.blocks[0]!;
        const lines = TINY_RUN.split('\n');
        expect(block.sources.block.uri).toMatch(/^file:\/\/.*tiny\.smash$/);
        expect(lines[block.sources.block.range.start.line]).toMatch(/^\s*block b1/);
        const kernel = block.ops[0]!.sources.convs[0]!.kernel[0].range;
        expect(lines[kernel.start.line]!.slice(kernel.start.character, kernel.end.character)).toBe('3');
    });

    test('--stats summarises 1,000 draws by default; --count changes how many', () => {
        const r = smash(['sample', tiny, '--stats']);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/1000 architectures/);
        expect(r.stdout).toMatch(/^params {2}min \S+ k? ?q1 /m);
        expect(r.stdout).toMatch(/^ {2}block b1 {2}min \d+ {2}q1 /m);
        expect(r.stdout).toMatch(/^ {2}op small {2}dilation +1: [\d.]+ %, 2: [\d.]+ % {2}\(\d+ draws\)$/m);
        const json = JSON.parse(smash(['sample', tiny, '--stats', '--json', '--count', '40']).stdout) as { stats: SampleStats };
        expect(json.stats.samples).toBe(40);
        expect(json.stats.params.min).toBeLessThanOrEqual(json.stats.params.q1);
        expect(json.stats.knobs.find((k) => k.knob === 'bankSize')!.draws).toBe(40);
    });

    test('bad flags are usage errors: exit 2, one line saying what is wrong, no stack trace', () => {
        const cases: Array<[string[], RegExp]> = [
            [['sample'], /^smash: smash sample needs one FILE$/],
            [['sample', tiny, '--count', '0'], /^smash: --count needs a whole number of at least 1, got '0'$/],
            [['sample', tiny, '--count', 'many'], /^smash: --count needs a whole number, got 'many'$/],
            [['sample', tiny, '--seed=-1'], /^smash: --seed needs a whole number, got '-1'$/],
            [['sample', tiny, '--seed', '1.5'], /^smash: --seed needs a whole number, got '1.5'$/],
            [['sample', tiny, '--frobnicate'], /^smash: Unknown option '--frobnicate'/],
            [['sample', 'no-such-file.smash'], /^smash: cannot read no-such-file.smash: no such file$/],
        ];
        for (const [args, message] of cases) {
            const r = smash(args);
            expect(r.status, args.join(' ')).toBe(2);
            expect(r.stderr.split('\n')[0], args.join(' ')).toMatch(message);
            expect(r.stderr + r.stdout).not.toMatch(/\n\s+at /);
        }
    });

    test('a space with errors is not sampled: its errors, exit 1', () => {
        const broken = tempFile('broken.smash', TINY_RUN.replace('ops small', 'ops nope'));
        const r = smash(['sample', broken]);
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/broken\.smash:\d+:\d+: error: .*nope/);
        expect(r.stderr).toMatch(/has errors; fix them first/);
    });
});
