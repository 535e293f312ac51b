import { describe, expect, test } from 'vitest';
import { BASE, checkRule, diagnose, expectIssue, variant, type RuleCase } from './validation-helpers.js';

const OP = 'op conv { kernel {3, 5} dilation {1, 2} groups {1, 2, 4} }';
const op = (body: string, text = BASE): string => variant([[OP, `op conv { ${body} }`]], text);
/** BASE on 10 x 10 images: block b works on 5 x 5 maps. */
const SMALL = variant([['unit 4', 'input 10 x 10 x 1\n    unit 4']]);

const cases: RuleCase[] = [
    {
        name: 'an even kernel size', code: 'smash/kernel-even',
        bad: op('kernel {3, 4}'), at: '4', good: op('kernel {3, 5}'),
    },
    {
        name: 'a range of kernel sizes with even ones', code: 'smash/kernel-even',
        bad: op('kernel 3 .. 5'), at: '3 .. 5', good: op('kernel 3 .. 3'),
    },
    {
        name: 'an even kernel width', code: 'smash/kernel-even',
        bad: op('kernel {3} x {1, 2}'), at: { text: '2', after: 'x {1, ' }, good: op('kernel {3} x {1, 3}'),
    },
    {
        name: 'an even stem kernel', code: 'smash/kernel-even',
        bad: variant([['kernel 3 width 16', 'kernel 4 width 16']]), at: '4', good: BASE,
    },
    {
        name: 'a kernel larger than the smallest block of the family', code: 'smash/kernel-too-large',
        bad: op('kernel {3, 7}', SMALL), at: '7', good: op('kernel {3, 5}', SMALL),
    },
    {
        name: 'default kernels larger than the smallest block', code: 'smash/kernel-too-large', severity: 'warning',
        bad: op('groups {1}', SMALL), at: { text: 'conv', after: 'op ' }, good: op('kernel {3} groups {1}', SMALL),
    },
    {
        name: 'a stem kernel larger than the image', code: 'smash/kernel-too-large',
        bad: variant([['kernel 3 width 16', 'kernel 11 width 16']], SMALL), at: '11', good: SMALL,
    },
    {
        name: 'a kernel beyond the receptive field', code: 'smash/kernel-exceeds-receptive-field',
        bad: op('kernel {3, 9} dilation {1}'), at: '9', good: op('kernel {3, 9} dilation {1} receptiveField 9'),
    },
    {
        name: 'a receptive field below the default kernels', code: 'smash/kernel-exceeds-receptive-field',
        bad: op('receptiveField 5'), at: '5', good: op('receptiveField 7'),
    },
    {
        name: 'an even receptive field', code: 'smash/receptive-field-even',
        bad: op('kernel {3} receptiveField 8'), at: '8', good: op('kernel {3} receptiveField 9'),
    },
    {
        name: 'a dilation no kernel of the family can draw', code: 'smash/dilation-impossible',
        bad: op('kernel {3, 5} dilation {1, 2, 4}'), at: '4', good: op('kernel {3, 5} dilation {1, 2, 3}'),
    },
    {
        name: 'a dilation range beyond the cap', code: 'smash/dilation-impossible',
        bad: op('kernel {5, 7} dilation 1 .. 3'), at: '1 .. 3', good: op('kernel {5, 7} dilation 1 .. 2'),
    },
    {
        name: 'a dilated kernel wider than the maps', code: 'smash/dilated-extent', severity: 'info',
        bad: op('kernel {3, 5} dilation {1, 2}', SMALL), at: '5', good: op('kernel {3, 5} dilation {1}', SMALL),
    },
    {
        name: 'groups that do not divide the unit', code: 'smash/groups-divide-unit',
        bad: op('groups {1, 3}'), at: '3', good: op('groups {1, 2}'),
    },
    {
        name: 'three parallel paths', code: 'smash/structure-paths',
        bad: op('structure {(1, 1, 1)}'), at: { text: '1', after: '(1, 1, ' }, good: op('structure {(1, 1)}'),
    },
    {
        name: 'paths beyond 2', code: 'smash/structure-paths',
        bad: op('paths 1 .. 3'), at: '1 .. 3', good: op('paths 1 .. 2'),
    },
    {
        name: 'three convs on a path', code: 'smash/structure-depth',
        bad: op('structure {(3)}'), at: '3', good: op('structure {(2)}'),
    },
    {
        name: 'depth beyond 2', code: 'smash/structure-depth',
        bad: op('depth 2 .. 3'), at: '2 .. 3', good: op('depth 1 .. 2'),
    },
    {
        name: 'the shallower path first', code: 'smash/structure-order',
        bad: op('structure {(1, 2)}'), at: { text: '2', after: '(1, ' }, good: op('structure {(2, 1)}'),
    },
    {
        name: 'structure together with its shorthand', code: 'smash/structure-conflict',
        bad: op('structure single paths 1 .. 2'), at: '1 .. 2', good: op('paths 1 .. 2'),
    },
    {
        name: 'reads that leave some bank sizes without a legal read count', code: 'smash/reads-slice', severity: 'warning',
        bad: op('kernel {3} reads 1 .. 1'), at: '1 .. 1', good: op('kernel {3} reads 1 .. 2'),
    },
    {
        name: 'reads that leave every bank size without a legal read count', code: 'smash/reads-slice',
        bad: op('kernel {3} reads 1 .. 1', variant([['bankSize {1, 2, 4}', 'bankSize {1}'], ['bankSize 1 .. 4', 'bankSize {1, 3}']])),
        at: '1 .. 1',
        good: op('kernel {3} reads 2 .. 2', variant([['bankSize {1, 2, 4}', 'bankSize {1}'], ['bankSize 1 .. 4', 'bankSize {1, 3}']])),
    },
];

describe('op family rules', () => {
    test.each(cases)('$name ($code)', checkRule);

    test('the dilation cap follows the receptive field', async () => {
        const issue = await expectIssue(op('kernel {3} dilation {1, 3} receptiveField 5'), 'smash/dilation-impossible', '3');
        expect(issue.message).toContain('at most 2');
        const { issues } = await diagnose(op('kernel {3} dilation {1, 3} receptiveField 7'));
        expect(issues).toEqual([]);
    });

    test('kernel sizes are checked per axis against the smallest block using the family', async () => {
        const wide = variant([['unit 4', 'input 28 x 10 x 1\n    unit 4']]);
        const { issues } = await diagnose(op('kernel {7} x {3} dilation {1}', wide));
        expect(issues.filter((i) => i.code === 'smash/kernel-too-large')).toEqual([]);
        await expectIssue(op('kernel {3} x {7} dilation {1}', wide), 'smash/kernel-too-large', '7');
    });
});
