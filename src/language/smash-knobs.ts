/**
 * Every knob of the .smash language in one table: its section, documentation and default. The
 * compiler takes its defaults from here, hover and completion their text, and a test checks that
 * docs/language.md mentions each knob, so the four cannot drift apart.
 */

export type Section =
    | 'space' | 'data' | 'stem' | 'block' | 'transition' | 'head' | 'op'
    | 'hypernet' | 'train' | 'search' | 'retrain';

export interface Knob {
    section: Section;
    keyword: string;
    /** Markdown, one or two sentences. */
    doc: string;
    /** The default as written in a .smash file; undefined where the knob is required or derived. */
    default?: string;
    /** Values offered by completion after the keyword. */
    suggestions?: string[];
}

const knobs: Knob[] = [
    { section: 'space', keyword: 'space', doc: 'A SMASH search space: the data it is searched on, the network skeleton, the op families, and how the HyperNet is trained, the architectures ranked and the best retrained.' },
    { section: 'space', keyword: 'data', doc: 'The dataset: `fashion-mnist` (packaged, or IDX files from `path`), `mnist` (IDX files), `cifar10` or `cifar100` (binary version) from a local `path`.', default: 'fashion-mnist', suggestions: ['fashion-mnist', 'mnist', 'cifar10', 'cifar100'] },
    { section: 'space', keyword: 'input', doc: 'Image height x width x channels. Defaults to the dataset\'s shape (28 x 28 x 1 for the MNIST family, 32 x 32 x 3 for CIFAR).' },
    { section: 'space', keyword: 'classes', doc: 'Number of classes of the head. Defaults to the dataset\'s (10, or 100 for CIFAR-100).' },
    { section: 'space', keyword: 'unit', doc: 'N, the channel unit: bank sizes, op widths and 1x1 outputs are multiples of it, and groups must divide it.', default: '8', suggestions: ['4', '8', '16'] },
    { section: 'space', keyword: 'maxWidth', doc: 'N_max, the widest op output in channels (a multiple of `unit`). N_max / N output widths are possible.', default: '64', suggestions: ['16', '32', '64'] },
    { section: 'space', keyword: 'slice', doc: 'D, the slice depth: one column of the architecture encoding covers D x N input channels of the generated 1x1 weights. Read widths (reads x bank size) must be multiples of D units; D need not divide maxWidth / unit.', default: '2', suggestions: ['1', '2', '4'] },
    { section: 'space', keyword: 'seed', doc: 'Seed of every random draw (architectures, weights, data order): the same space, seed and backend give the same results.', default: '0' },
    { section: 'data', keyword: 'path', doc: 'Directory with the dataset files, relative to this file: IDX files (`train-images-idx3-ubyte`, ...) for the MNIST family, `data_batch_*.bin` / `train.bin` for CIFAR.' },
    { section: 'data', keyword: 'train', doc: 'Training images used; default: all that are left after the validation split.' },
    { section: 'data', keyword: 'validation', doc: 'Images held out of the training files to compute SMASH scores.', default: '5000' },
    { section: 'data', keyword: 'test', doc: 'Test images used to report retrained accuracy; default: the whole test set.' },
    { section: 'stem', keyword: 'stem', doc: 'The freely learned first conv of the network; its width is the first block\'s input channels.' },
    { section: 'stem', keyword: 'kernel', doc: 'Kernel size of the stem conv (odd).', default: '7', suggestions: ['3', '5', '7'] },
    { section: 'stem', keyword: 'width', doc: 'Output channels of the stem (a multiple of `unit`, at least `maxWidth`).', default: 'maxWidth' },
    { section: 'stem', keyword: 'stride', doc: 'Step of the stem conv: `2` halves the resolution of the first block, so every op of the network costs a quarter and the same minutes buy about twice the training steps. The paper: `1`.', default: '1', suggestions: ['1', '2'] },
    { section: 'block', keyword: 'block', doc: 'One resolution of the network: memory banks that ops read from and write to until the block\'s 1x1 budget is spent.' },
    { section: 'block', keyword: 'bankSize', doc: 'Channels per bank in units of N, drawn once per block. A size is drawn only when the block input fills enough banks of it for the first op to read whole slices, `slice / gcd(size, slice)` (with `slice 2`: 2 banks of an odd size, 1 of an even one), in a number one of the block\'s op families `reads`.', default: '1 .. maxWidth/unit' },
    { section: 'block', keyword: 'maxBanks', doc: 'The block memory holds at most maxBanks x N channels: floor(maxBanks / bankSize) banks. Also sets the width M of the read and write fields of the encoding.', default: '3 x maxWidth/unit' },
    { section: 'block', keyword: 'budget', doc: 'Sum of the input channels of all 1x1 convs of the block: a fraction `min .. max` of `of` channels (default: block input + 4 x maxBanks x unit), drawn per architecture, or `K channels`. `anneal from S over P%` grows the upper bound from S to max over the first P% of training.', default: '0.3 .. 1.0 anneal from 0.5 over 50%' },
    { section: 'block', keyword: 'ops', doc: 'The op families this block draws its ops from, optionally weighted (`basic: 0.7, wide: 0.3`). Default: every family of the space.' },
    { section: 'transition', keyword: 'transition', doc: 'Between two blocks: BN, ReLU, a freely learned 1x1 conv to `width` channels and a 2x2 pooling that halves the resolution.' },
    { section: 'transition', keyword: 'width', doc: 'Output channels: the next block\'s input (a multiple of `unit`, at least `maxWidth`).' },
    { section: 'transition', keyword: 'pool', doc: '2x2 pooling, stride 2.', default: 'avg', suggestions: ['avg', 'max'] },
    { section: 'head', keyword: 'head', doc: 'The classifier after the last block: BN, ReLU, average pooling to a `grid` x `grid` map, and a freely learned fully connected layer over that map.' },
    { section: 'head', keyword: 'grid', doc: 'Side of the pooled map the classifier reads. `1` pools each channel to one number (global average pooling, the paper\'s). A larger grid keeps where in the image a feature was: small networks learn from it in far fewer steps, but the frame around the ops then classifies well on its own and leaves the ops less to add (docs/results/recipe.md). At most the smaller side of the last block\'s maps, and a grid that splits them into windows of one size in steps of one size, the bins of PyTorch\'s `AdaptiveAvgPool2d` (on 7 x 7 maps: 1, 2, 3, 6 or 7).', default: '1', suggestions: ['1', '2', '3'] },
    { section: 'op', keyword: 'op', doc: 'An op family: a HyperNet-generated 1x1 reduction over the banks it reads, then up to 2 parallel paths of up to 2 freely learned convs, written or added into banks.' },
    { section: 'op', keyword: 'structure', doc: 'Conv counts of the parallel paths after the 1x1, weighted: `(1)` one conv, `(1,1)` two parallel convs, `(2,1)`, `(2,2)`. Presets: `single` = (1); `variable` = (1): .05, (1,1): .10, (2): .15, (2,1): .25, (2,2): .45; `big` = (2,2); `long` = (2).', default: 'single', suggestions: ['single', 'variable', 'big', 'long'] },
    { section: 'op', keyword: 'paths', doc: 'Shorthand for `structure`: the number of parallel paths (1 or 2); with `depth`, every combination is drawn, with the product of their weights (equally likely without weights).', default: '1' },
    { section: 'op', keyword: 'depth', doc: 'Shorthand for `structure`: convs per path (1 or 2).', default: '1' },
    { section: 'op', keyword: 'kernel', doc: 'Kernel sizes, odd, drawn per conv and per axis; `{3, 5} x {1, 3}` gives separate height and width sets. Larger kernels unlock during training (`kernelAnneal`).', default: '{3, 5, 7}', suggestions: ['{3, 5, 7}', '{3, 5}', '{3}'] },
    { section: 'op', keyword: 'dilation', doc: 'Dilations, drawn per conv and per axis, capped so that d <= (receptiveField + 1)/2 - (k - 1)/2 for kernel size k (3: 1-3, 5: 1-2, 7: 1 with the default).', default: '{1, 2, 3}', suggestions: ['{1, 2, 3}', '{1, 2}', '{1}'] },
    { section: 'op', keyword: 'receptiveField', doc: 'The dilation cap of the paper\'s rule, in pixels (odd).', default: '7' },
    { section: 'op', keyword: 'groups', doc: 'Groups of each conv (PyTorch semantics); each must divide `unit`.', default: 'divisors of unit up to 8', suggestions: ['{1, 2, 4, 8}', '{1, 2, 4}', '{1}'] },
    { section: 'op', keyword: 'activation', doc: 'Activation before each conv (pre-activation), drawn per conv.', default: 'relu', suggestions: ['relu', 'tanh', 'sigmoid', '{relu, tanh, sigmoid}'] },
    { section: 'op', keyword: 'bottleneck', doc: 'Allowed 1x1 bottleneck ratios: the 1x1 has ratio x width outputs, with the largest allowed ratio not above floor(inputs / width).', default: '1 .. 4', suggestions: ['1 .. 4', '{1, 2, 4}', '1'] },
    { section: 'op', keyword: 'reads', doc: 'Bounds on the number of banks an op reads (further limited by the banks written so far and the budget).', default: '1 .. maxBanks' },
    { section: 'op', keyword: 'writes', doc: 'Bounds on the number of banks an op writes (an empty bank is set, an occupied one added to).', default: '1 .. maxBanks' },
    { section: 'hypernet', keyword: 'hypernet', doc: 'The HyperNet: a DenseNet of weight-normalised 3x3 convs over the architecture encoding that outputs the 1x1 weights of every op.' },
    { section: 'hypernet', keyword: 'growth', doc: 'DenseNet growth rate (channels added per layer).', default: '10' },
    { section: 'hypernet', keyword: 'stages', doc: 'Layers per dense stage; transitions halve the channels between stages.', default: '[8, 10, 4]' },
    { section: 'hypernet', keyword: 'stem', doc: 'Channels of the HyperNet\'s first conv.', default: '7' },
    { section: 'hypernet', keyword: 'multiplier', doc: 'Output multiplier: 1 generates N_max 1x1 outputs per op (the released code caps the bottleneck there), 4 the paper\'s 4 x N_max.', default: '1', suggestions: ['1', '2', '4'] },
    { section: 'hypernet', keyword: 'leak', doc: 'LeakyReLU slope.', default: '0.02' },
    { section: 'hypernet', keyword: 'legacyEncoding', doc: 'Reproduce the original code\'s encoding bugs (groups one channel off, op flags that carry nothing) for comparison with it.' },
    { section: 'train', keyword: 'train', doc: 'Training of the SMASH network: one random architecture per batch, its 1x1 weights generated by the HyperNet.' },
    { section: 'train', keyword: 'epochs', doc: 'Passes over the training split.', default: '100' },
    { section: 'train', keyword: 'batch', doc: 'Images per step.', default: '50' },
    { section: 'train', keyword: 'optimizer', doc: '`adam(lr, betas, eps)` or `sgd(lr, momentum, nesterov)`. At a laptop\'s budget Adam at 1e-2 trained the SMASH network fastest with its ops in use; at 3e-2 it switched them off, and every architecture scored alike (docs/results/recipe.md).', default: 'adam(lr 1e-3, betas 0.5 0.999, eps 1e-4)', suggestions: ['adam(lr 1e-3, betas 0.5 0.999, eps 1e-4)', 'adam(lr 1e-2, betas 0.5 0.999, eps 1e-4)', 'sgd(lr 0.1, momentum 0.9, nesterov)'] },
    { section: 'train', keyword: 'schedule', doc: 'Learning-rate schedule, updated every step: `cosine to P%` anneals to P% of the base rate, `cosine` to 0 (the paper), `constant` keeps it. Annealing to 10% learned faster at small budgets (docs/results/recipe.md).', default: 'cosine to 10%', suggestions: ['cosine', 'cosine to 10%', 'constant'] },
    { section: 'train', keyword: 'warmup', doc: 'The learning rate rises linearly from 0 over the first P% of the steps, then follows the schedule. The paper: `0%`.', default: '5%', suggestions: ['0%', '5%', '10%'] },
    { section: 'train', keyword: 'weightDecay', doc: 'L2 weight decay added to the gradients of the freely learned weights (not the HyperNet).', default: '1e-4' },
    { section: 'train', keyword: 'augment', doc: 'Augmentation: `crop P` (random crop after zero padding by P pixels) and `flip` (horizontal), or `none` to train on the images as they are.', default: 'crop 4, flip (no flip for mnist)', suggestions: ['crop 4, flip', 'crop 2', 'flip', 'none'] },
    { section: 'train', keyword: 'kernelAnneal', doc: 'Fractions of training at which the next larger kernel size unlocks (3 only, then 3-5, then 3-7).', default: '12.5%, 37.5%' },
    { section: 'search', keyword: 'search', doc: 'Ranking: score random architectures by validation error with generated weights, then perturb the best, then hill-climb.' },
    { section: 'search', keyword: 'random', doc: 'Random architectures scored.', default: '500' },
    { section: 'search', keyword: 'perturb', doc: 'Perturbations of the best random architecture scored.', default: '100' },
    { section: 'search', keyword: 'hillclimb', doc: 'Greedy steps: perturb the current best and keep it if its score is lower.', default: '100' },
    { section: 'search', keyword: 'perturbProb', doc: 'Probability that each field of an architecture is redrawn in a perturbation.', default: '0.05' },
    { section: 'search', keyword: 'batch', doc: 'Validation images per scoring batch.', default: '100' },
    { section: 'search', keyword: 'norm', doc: 'BN statistics an architecture is scored with (and the SMASH network validated with): `running`, the running averages of training shared by every architecture (the paper); `batch`, each validation batch\'s own; `recalibrate N`, re-estimated for each architecture on N un-augmented training batches before it is scored. At Adam 3e-2 `running` scored 5-7 points above `recalibrate 5` (docs/results/recipe.md).', default: 'running', suggestions: ['running', 'batch', 'recalibrate 5'] },
    { section: 'retrain', keyword: 'retrain', doc: 'The best architectures trained from scratch with normal weights, then tested.' },
    { section: 'retrain', keyword: 'top', doc: 'How many of the best-scored architectures to retrain. With 3 or more, the rank correlation between SMASH score and retrained error is reported.', default: '3' },
    { section: 'retrain', keyword: 'epochs', doc: 'Epochs of retraining.', default: '100' },
    { section: 'retrain', keyword: 'batch', doc: 'Images per step.', default: '50' },
    { section: 'retrain', keyword: 'optimizer', doc: '`sgd(lr, momentum, nesterov)` or `adam(...)`.', default: 'sgd(lr 0.1, momentum 0.9, nesterov)', suggestions: ['sgd(lr 0.1, momentum 0.9, nesterov)', 'adam(lr 1e-3, betas 0.9 0.999, eps 1e-8)'] },
    { section: 'retrain', keyword: 'schedule', doc: 'Learning-rate schedule, updated every step (`cosine` to 0 as the paper, `cosine to P%`, `constant`).', default: 'cosine', suggestions: ['cosine', 'cosine to 10%', 'constant'] },
    { section: 'retrain', keyword: 'warmup', doc: 'Linear learning-rate warm-up over the first P% of the steps (the paper: `0%`).', default: '0%', suggestions: ['0%', '5%'] },
    { section: 'retrain', keyword: 'weightDecay', doc: 'L2 weight decay on all weights.', default: '1e-4' },
    { section: 'retrain', keyword: 'augment', doc: 'Augmentation while retraining: `crop P`, `flip`, both, or `none` to turn it off.', default: 'as in train', suggestions: ['crop 4, flip', 'crop 2', 'flip', 'none'] },
];

export const KNOBS: readonly Knob[] = knobs;

export function findKnob(section: Section, keyword: string): Knob | undefined {
    return knobs.find((k) => k.section === section && k.keyword === keyword);
}

/** The numeric defaults the compiler uses, named once. */
export const DEFAULTS = {
    unit: 8,
    maxWidth: 64,
    slice: 2,
    seed: 0,
    validation: 5000,
    stemKernel: 7,
    stemStride: 1,
    headGrid: 1,
    budget: { min: 0.3, max: 1.0, annealStart: 0.5, annealOver: 0.5 },
    receptiveField: 7,
    kernels: [3, 5, 7],
    dilations: [1, 2, 3],
    maxGroups: 8,
    bottleneck: [1, 2, 3, 4],
    variableStructure: [
        { depths: [1], weight: 0.05 },
        { depths: [1, 1], weight: 0.10 },
        { depths: [2], weight: 0.15 },
        { depths: [2, 1], weight: 0.25 },
        { depths: [2, 2], weight: 0.45 },
    ],
    hypernet: { growth: 10, stages: [8, 10, 4], stem: 7, multiplier: 1, leak: 0.02 },
    train: { epochs: 100, batch: 50, lr: 1e-3, beta1: 0.5, beta2: 0.999, eps: 1e-4, weightDecay: 1e-4, crop: 4, kernelAnneal: [0.125, 0.375], warmup: 0.05, lrFloor: 0.1 },
    search: { random: 500, perturb: 100, hillclimb: 100, perturbProb: 0.05, batch: 100, norm: 'running', recalibrate: 5 },
    retrain: { top: 3, epochs: 100, batch: 50, lr: 0.1, momentum: 0.9, weightDecay: 1e-4, warmup: 0, lrFloor: 0 },
    sgdMomentum: 0.9,
    adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8 },
} as const;

/** What each dataset provides when the space does not say otherwise. */
export const DATASETS = {
    'fashion-mnist': { input: { height: 28, width: 28, channels: 1 }, classes: 10, flip: true },
    mnist: { input: { height: 28, width: 28, channels: 1 }, classes: 10, flip: false },
    cifar10: { input: { height: 32, width: 32, channels: 3 }, classes: 10, flip: true },
    cifar100: { input: { height: 32, width: 32, channels: 3 }, classes: 100, flip: true },
} as const;
