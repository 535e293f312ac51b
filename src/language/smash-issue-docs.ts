/**
 * One line per diagnostic code for docs/language.md: what it is about and a piece of text that
 * draws it. The table there is generated from this record (smash-docs.ts), and the Record type makes
 * the compiler refuse a code without an entry, so a new code cannot go undocumented.
 */
import type { IssueCode } from './smash-issue-codes.js';

export interface IssueDoc {
    /** What is wrong, in a few words. */
    about: string;
    /** What draws the diagnostic, as Markdown: a piece of a .smash file in backquotes, or a few words. */
    example: string;
}

export const ISSUE_DOCS: Record<IssueCode, IssueDoc> = {
    'smash/file-utf16': { about: 'the file is UTF-16, not UTF-8', example: 'a file saved as UTF-16 LE' },
    'smash/file-binary': { about: 'the file holds NUL bytes: it is not text', example: 'an image renamed to `x.smash`' },
    'smash/syntax-character': { about: 'a character that is no part of the language', example: '`unit 4 $`' },
    'smash/syntax-expected': { about: 'a token where another was due', example: '`space T { block b1 { }`' },
    'smash/unknown-knob': { about: 'a word that is no knob of its section (with the nearest one)', example: '`op basic { kernels {3} }`' },
    'smash/misplaced-knob': { about: 'a knob of another section', example: '`op basic { bankSize 2 }`' },
    'smash/bad-value': { about: 'a knob whose value does not parse', example: '`op basic { kernel {3 5} }`' },
    'smash/unknown-dataset': { about: 'a dataset the engine does not read', example: '`data imagenet`' },
    'smash/unknown-op-family': { about: '`ops` names a family the space does not define', example: '`block b1 { ops missing }`' },
    'smash/missing-space': { about: 'no `space Name { ... }` in the file', example: '`// an empty file`' },
    'smash/missing-block': { about: 'a space without a block', example: '`space T { unit 4 }`' },
    'smash/missing-transition': { about: 'two blocks with no transition between them', example: '`block a { } block b { }`' },
    'smash/extra-transition': { about: 'a transition that is not between two blocks', example: '`transition { } block a { }`' },
    'smash/duplicate-section': { about: 'a space-level knob or section written twice', example: '`seed 1 seed 2`' },
    'smash/duplicate-property': { about: 'a knob written twice in one section or optimizer', example: '`op basic { kernel {3} kernel {5} }`' },
    'smash/duplicate-name': { about: 'two blocks or two op families with one name', example: '`op basic { } op basic { }`' },
    'smash/duplicate-op-ref': { about: 'an op family twice in one `ops` list', example: '`ops basic, basic`' },
    'smash/duplicate-value': { about: 'a value twice in one set or `augment` list', example: '`kernel {3, 3}`' },
    'smash/unused-op': { about: 'an op family no block draws from (warning)', example: '`block a { ops basic } op wide { }`' },
    'smash/not-integer': { about: 'a fraction where a count belongs', example: '`maxBanks 2.5`' },
    'smash/out-of-range': { about: 'a number outside its interval', example: '`seed -1`' },
    'smash/inverted-range': { about: 'a range whose lower end comes second', example: '`bankSize 4 .. 1`' },
    'smash/too-many-values': { about: 'a range or width with more values than the engine expands', example: '`reads 1 .. 100000`' },
    'smash/weight-not-positive': { about: 'a weight of 0 or less', example: '`kernel {3: 0, 5: 1}`' },
    'smash/weights-partial': { about: 'weights on some items of a set but not all', example: '`kernel {3: 2, 5}`' },
    'smash/weights-sum': { about: 'structure or activation weights that do not sum to 1 (warning)', example: '`activation {relu: 2, tanh: 1}`' },
    'smash/unit-multiple': { about: 'a width that is not a multiple of `unit`', example: '`unit 4 maxWidth 18`' },
    'smash/slice-multiple': { about: 'an absolute budget that is not whole slices', example: '`budget 100 channels`' },
    'smash/input-too-narrow': { about: 'a block input narrower than `maxWidth`', example: '`stem { width 8 }`' },
    'smash/bank-too-wide': { about: 'a bank size wider than `maxWidth` or the block input', example: '`bankSize {16}`' },
    'smash/bank-never-drawn': { about: 'a bank size written on its own that the block cannot draw: its input fills too few banks of it for whole slices, or for any read count its op families allow (warning)', example: '`bankSize {3, 4}`' },
    'smash/no-bank-size': { about: 'a block that can draw none of its bank sizes', example: '`bankSize {3}`' },
    'smash/max-banks-too-small': { about: '`maxBanks` x `unit` below the block input', example: '`maxBanks 2`' },
    'smash/anneal-start': { about: 'an anneal start outside the budget range', example: '`budget 0.3 .. 0.6 anneal from 0.9 over 50%`' },
    'smash/budget-too-small': { about: 'a budget (or its lowest draw) too small for an op at a drawable bank size', example: '`budget 8 channels`' },
    'smash/resolution-too-small': { about: 'so many blocks that the maps shrink below 1 x 1', example: 'six blocks on 28 x 28 images' },
    'smash/grid-too-large': { about: 'a head grid finer than the last block\'s maps', example: '`head { grid 9 }` on 7 x 7 maps' },
    'smash/grid-uneven': { about: 'a head grid that cannot split the last maps into windows of one size', example: '`head { grid 4 }` on 7 x 7 maps' },
    'smash/kernel-even': { about: 'an even kernel size', example: '`kernel {4}`' },
    'smash/kernel-too-large': { about: 'a kernel larger than the smallest map it runs on', example: '`kernel {31}`' },
    'smash/kernel-exceeds-receptive-field': { about: 'a kernel larger than `receptiveField`', example: '`kernel {9} receptiveField 7`' },
    'smash/receptive-field-even': { about: 'an even `receptiveField`', example: '`receptiveField 8`' },
    'smash/dilation-impossible': { about: 'a dilation the receptive-field cap never allows', example: '`kernel {5} dilation {3}`' },
    'smash/dilated-extent': { about: 'a dilated kernel wider than the map (information)', example: '`kernel {7} dilation {3}` on 7 x 7 maps' },
    'smash/groups-divide-unit': { about: 'a group count that does not divide `unit`', example: '`unit 4 groups {3}`' },
    'smash/structure-paths': { about: 'more than 2 parallel paths', example: '`paths 3`' },
    'smash/structure-depth': { about: 'a path of more than 2 convs', example: '`structure {(3)}`' },
    'smash/structure-order': { about: 'a path list with the shorter path first', example: '`structure {(1, 2)}`' },
    'smash/structure-conflict': { about: '`paths`/`depth` together with `structure`', example: '`structure single paths 2`' },
    'smash/reads-slice': { about: 'read bounds that leave no read count filling whole slices', example: '`reads 1 .. 1` with `bankSize {1}`' },
    'smash/data-path-missing': { about: 'a dataset that needs a `path`', example: '`data cifar10`' },
    'smash/data-too-large': { about: 'more images than the dataset has', example: '`data mnist { train 70000 }`' },
    'smash/input-mismatch': { about: '`input` that differs from the dataset\'s images', example: '`input 32 x 32 x 3` on `fashion-mnist`' },
    'smash/classes-mismatch': { about: '`classes` that differs from the dataset\'s', example: '`classes 100` on `fashion-mnist`' },
    'smash/flip-digits': { about: 'horizontal flips on digits (warning)', example: '`data mnist` with `augment flip`' },
    'smash/augment-none-combined': { about: '`augment none` together with `crop` or `flip`', example: '`augment none, flip`' },
    'smash/stages-empty': { about: 'a HyperNet without dense stages', example: '`hypernet { stages [] }`' },
    'smash/legacy-encoding': { about: 'the original code\'s encoding bugs switched on (information)', example: '`hypernet { legacyEncoding }`' },
    'smash/batch-too-large': { about: 'a batch larger than the images it is drawn from', example: '`data { validation 50 } search { batch 100 }`' },
    'smash/top-too-large': { about: 'more architectures retrained than scored', example: '`search { random 2 perturb 0 hillclimb 0 } retrain { top 5 }`' },
    'smash/zero-epochs': { about: 'training or retraining for 0 epochs (warning)', example: '`train { epochs 0 }`' },
    'smash/perturb-prob-zero': { about: 'perturbations that change nothing (warning)', example: '`search { perturbProb 0 }`' },
    'smash/kernel-anneal-order': { about: '`kernelAnneal` fractions out of order', example: '`kernelAnneal 50%, 20%`' },
    'smash/hypernet-memory': { about: 'a HyperNet output too large for memory (warning)', example: '`unit 64 maxWidth 1024 multiplier 4`' },
    'smash/too-many-params': { about: 'sampled networks beyond 50 M parameters (warning)', example: '`maxWidth 2048`' },
};
