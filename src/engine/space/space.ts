/**
 * The engine's input: a checked SMASH search space as plain, serialisable data.
 *
 * The language compiles a `.smash` document into this shape (src/language/smash-compiler.ts); the
 * engine never sees the AST. Every value that the sampler can choose carries the source location
 * of the text that allowed it, so that a sampled architecture can be traced back to its `.smash`
 * file down to the single value of a value set.
 *
 * Units: "channels" are plain channel counts; "units" are multiples of the space's unit N.
 */

/** A zero-based position, the same convention as LSP and `vscode.Position`. */
export interface SourcePosition {
    line: number;
    character: number;
}

export interface SourceRange {
    start: SourcePosition;
    end: SourcePosition;
}

/** Where a value came from: the document and the exact range of its text. */
export interface SourceRef {
    uri: string;
    range: SourceRange;
}

/** One value a sampler may draw, its relative weight (weights of a choice need not sum to 1) and its text. */
export interface Choice<T> {
    value: T;
    weight: number;
    at: SourceRef;
}

export type DatasetKind = 'fashion-mnist' | 'mnist' | 'cifar10' | 'cifar100';

export interface DataSpec {
    kind: DatasetKind;
    /** A local directory with the dataset's files (IDX or CIFAR binary); absent: the packaged Fashion-MNIST. */
    path?: string;
    /** Training images; absent: every image left after the validation split. */
    train?: number;
    /** Validation images, held out of the training files (SMASH scores are measured on them). */
    validation: number;
    /** Test images from the dataset's test files; absent: all of them. */
    test?: number;
    at: SourceRef;
}

export interface InputShape {
    height: number;
    width: number;
    channels: number;
}

export interface StemSpec {
    kernel: number;
    /** Output channels of the stem = input channels of the first block. */
    width: number;
    /**
     * Step of the stem conv: 2 halves the first block's resolution, so every op costs a quarter
     * (the paper: 1).
     */
    stride: number;
    at: SourceRef;
}

export interface BudgetSpec {
    /** Fraction b ~ U(min, maxNow) of `total` input channels, summed over all 1x1 convs of the block. */
    min: number;
    max: number;
    /** The block's full budget in channels (b = 1). */
    total: number;
    /** The upper bound of b grows linearly from `start` to `max` over the first `over` fraction of training. */
    anneal?: { start: number; over: number };
    at: SourceRef;
}

export interface BlockSpec {
    name: string;
    /** Channels entering the block: the stem width, or the preceding transition's width. */
    inChannels: number;
    /** Spatial size of the block's feature maps (height, width). */
    resolution: [number, number];
    /** Bank size choices, in units. */
    bankSizes: Choice<number>[];
    /** At most this many banks of one unit each; a block with bank size bs has floor(maxBanks / bs) banks. */
    maxBanks: number;
    budget: BudgetSpec;
    /** The op families this block samples its ops from. */
    ops: Choice<string>[];
    at: SourceRef;
}

export type PoolKind = 'avg' | 'max';

export interface TransitionSpec {
    /** Output channels: the next block's input channels. */
    width: number;
    pool: PoolKind;
    at: SourceRef;
}

export type Activation = 'relu' | 'tanh' | 'sigmoid';

export interface OpFamilySpec {
    name: string;
    /**
     * Structures after the 1x1 reduction, each the list of conv counts of its parallel paths:
     * [1] one conv, [1, 1] two parallel convs, [2, 1] two paths of 2 and 1 convs.
     */
    structures: Choice<number[]>[];
    /** Kernel sizes per axis, drawn independently (odd). */
    kernelHeight: Choice<number>[];
    kernelWidth: Choice<number>[];
    /** Dilations per axis; a draw is capped so that d <= (receptiveField + 1) / 2 - (k - 1) / 2. */
    dilation: Choice<number>[];
    receptiveField: number;
    groups: Choice<number>[];
    activation: Choice<Activation>[];
    /**
     * Allowed 1x1 bottleneck ratios (1x1 output = ratio x op output width). The ratio used is the
     * largest allowed one not above floor(n_in / n_out), else the smallest allowed one.
     */
    bottleneck: Choice<number>[];
    /** Bounds on the number of banks an op reads and writes (clipped further by what the block has). */
    reads: { min: number; max: number };
    writes: { min: number; max: number };
    at: SourceRef;
}

export interface HyperNetSpec {
    growth: number;
    stages: number[];
    /** Channels of the HyperNet's first conv. */
    stem: number;
    /** Output multiplier: 1 generates N_max 1x1 output columns (the released code), 4 the paper's 4·N_max. */
    multiplier: number;
    /** LeakyReLU slope. */
    leak: number;
    /** Reproduce the original code's encoding bugs (groups off by one, op flags that carry nothing). */
    legacyEncoding: boolean;
}

export type AdamSpec = { kind: 'adam'; lr: number; beta1: number; beta2: number; eps: number };
export type SgdSpec = { kind: 'sgd'; lr: number; momentum: number; nesterov: boolean };
export type OptimizerSpec = AdamSpec | SgdSpec;
export type Schedule = 'cosine' | 'constant';

export interface AugmentSpec {
    /** Random crop after zero padding by this many pixels; 0 = off. */
    crop: number;
    flip: boolean;
}

/** How a network is trained: shared by the SMASH network and the retrained ones. */
export interface TrainingPlan {
    epochs: number;
    batch: number;
    optimizer: OptimizerSpec;
    schedule: Schedule;
    /** Fraction of the steps over which the learning rate rises linearly from 0 (the paper: 0). */
    warmup: number;
    /** The cosine schedule ends at this fraction of the base learning rate (the paper: 0). */
    lrFloor: number;
    weightDecay: number;
    augment: AugmentSpec;
}

export interface TrainSpec extends TrainingPlan {
    /** Fractions of training at which the next larger kernel size is unlocked. */
    kernelAnneal: number[];
}

/**
 * The BN statistics a network is scored with: 'running' (the paper: the running averages of
 * training, shared by every architecture), 'batch' (each validation batch's own), or
 * 'recalibrate' (per architecture, re-estimated on `batches` training batches before scoring).
 */
export type ScoreNorm = { kind: 'running' } | { kind: 'batch' } | { kind: 'recalibrate'; batches: number };

export interface SearchSpec {
    random: number;
    perturb: number;
    hillclimb: number;
    perturbProb: number;
    batch: number;
    /** How scoring and the SMASH network's validation normalise. */
    norm: ScoreNorm;
}

export interface RetrainSpec extends TrainingPlan {
    top: number;
}

export interface HeadSpec {
    /**
     * The last block's maps are average-pooled to grid x grid cells before the classifier:
     * 1 is global average pooling (the paper's).
     */
    grid: number;
    at: SourceRef;
}

/**
 * The window and step that pool `size` pixels to `cells` cells, covering every pixel (neighbouring
 * windows overlap by size mod cells pixels): PyTorch's AvgPool2d and ONNX's AveragePool take the
 * same two numbers.
 */
export function gridWindow(size: number, cells: number): { kernel: number; stride: number } {
    const stride = Math.floor(size / cells);
    return { kernel: size - (cells - 1) * stride, stride };
}

/**
 * Whether those windows are the bins of PyTorch's AdaptiveAvgPool2d (cell i averages pixels
 * floor(i·size/cells) to ceil((i+1)·size/cells) - 1). Where they are not, one window size cannot
 * split the map evenly, and the windows come out coarser than a smaller grid's (7 pixels to 4
 * cells: windows of 4 in steps of 1, as wide as 2 cells'), so the language allows only these grids.
 */
export function evenGrid(size: number, cells: number): boolean {
    const { kernel, stride } = gridWindow(size, cells);
    for (let i = 0; i < cells; i++) {
        if (Math.floor((i * size) / cells) !== i * stride || Math.ceil(((i + 1) * size) / cells) !== i * stride + kernel) return false;
    }
    return true;
}

/** The head's pooling of [h, w] maps to grid x grid cells: window and step per axis (height, width). */
export function gridPooling([h, w]: readonly [number, number], grid: number): { kernel: [number, number]; stride: [number, number] } {
    const [rows, cols] = [gridWindow(h, grid), gridWindow(w, grid)];
    return { kernel: [rows.kernel, cols.kernel], stride: [rows.stride, cols.stride] };
}

/** The head's grid; runs saved before the head had one pooled globally. */
export function headGrid(space: SearchSpace): number {
    return space.head?.grid ?? 1;
}

export interface SearchSpace {
    name: string;
    /** The document this space was compiled from. */
    uri: string;
    seed: number;
    data: DataSpec;
    input: InputShape;
    classes: number;
    /** N: the channel unit; every width is a multiple of it. */
    unit: number;
    /** N_max: the widest op output, in channels. */
    maxWidth: number;
    /** D: the slice depth; one encoding column covers D·N input channels of the 1x1 weights. */
    slice: number;
    stem: StemSpec;
    /** blocks[i] is followed by transitions[i] (there is one transition fewer than blocks). */
    blocks: BlockSpec[];
    transitions: TransitionSpec[];
    /** Absent in runs saved before the head had a grid: global average pooling. */
    head?: HeadSpec;
    ops: Record<string, OpFamilySpec>;
    hypernet: HyperNetSpec;
    train: TrainSpec;
    search: SearchSpec;
    retrain: RetrainSpec;
    at: SourceRef;
}
