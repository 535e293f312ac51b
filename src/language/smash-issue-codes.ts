/**
 * The stable codes of every diagnostic the .smash validator reports. They show in the editor next
 * to the message, drive the quick fixes (smash-code-actions.ts) and may be used by scripts that
 * filter diagnostics, so a code never changes meaning once released.
 */
export const IssueCodes = {
    // text and syntax: what the lexer, parser and linker meet before any rule runs
    FileUtf16: 'smash/file-utf16',
    FileBinary: 'smash/file-binary',
    SyntaxCharacter: 'smash/syntax-character',
    SyntaxExpected: 'smash/syntax-expected',
    UnknownKnob: 'smash/unknown-knob',
    MisplacedKnob: 'smash/misplaced-knob',
    BadValue: 'smash/bad-value',
    UnknownDataset: 'smash/unknown-dataset',
    UnknownOpFamily: 'smash/unknown-op-family',
    // structure of the file
    MissingSpace: 'smash/missing-space',
    MissingBlock: 'smash/missing-block',
    MissingTransition: 'smash/missing-transition',
    ExtraTransition: 'smash/extra-transition',
    DuplicateSection: 'smash/duplicate-section',
    DuplicateProperty: 'smash/duplicate-property',
    DuplicateName: 'smash/duplicate-name',
    DuplicateOpRef: 'smash/duplicate-op-ref',
    DuplicateValue: 'smash/duplicate-value',
    UnusedOp: 'smash/unused-op',
    // plain values
    NotInteger: 'smash/not-integer',
    OutOfRange: 'smash/out-of-range',
    InvertedRange: 'smash/inverted-range',
    TooManyValues: 'smash/too-many-values',
    WeightNotPositive: 'smash/weight-not-positive',
    WeightsPartial: 'smash/weights-partial',
    WeightsSum: 'smash/weights-sum',
    // channels, banks and budgets
    UnitMultiple: 'smash/unit-multiple',
    SliceMultiple: 'smash/slice-multiple',
    InputTooNarrow: 'smash/input-too-narrow',
    BankTooWide: 'smash/bank-too-wide',
    BankNeverDrawn: 'smash/bank-never-drawn',
    NoBankSize: 'smash/no-bank-size',
    MaxBanksTooSmall: 'smash/max-banks-too-small',
    AnnealStart: 'smash/anneal-start',
    BudgetTooSmall: 'smash/budget-too-small',
    ResolutionTooSmall: 'smash/resolution-too-small',
    GridTooLarge: 'smash/grid-too-large',
    GridUneven: 'smash/grid-uneven',
    // op families
    KernelEven: 'smash/kernel-even',
    KernelTooLarge: 'smash/kernel-too-large',
    KernelExceedsField: 'smash/kernel-exceeds-receptive-field',
    ReceptiveFieldEven: 'smash/receptive-field-even',
    DilationImpossible: 'smash/dilation-impossible',
    DilatedExtent: 'smash/dilated-extent',
    GroupsDivideUnit: 'smash/groups-divide-unit',
    StructurePaths: 'smash/structure-paths',
    StructureDepth: 'smash/structure-depth',
    StructureOrder: 'smash/structure-order',
    StructureConflict: 'smash/structure-conflict',
    ReadsSlice: 'smash/reads-slice',
    // data, HyperNet, training, search, retraining
    DataPathMissing: 'smash/data-path-missing',
    DataTooLarge: 'smash/data-too-large',
    InputMismatch: 'smash/input-mismatch',
    ClassesMismatch: 'smash/classes-mismatch',
    FlipDigits: 'smash/flip-digits',
    StagesEmpty: 'smash/stages-empty',
    LegacyEncoding: 'smash/legacy-encoding',
    BatchTooLarge: 'smash/batch-too-large',
    TopTooLarge: 'smash/top-too-large',
    ZeroEpochs: 'smash/zero-epochs',
    PerturbProbZero: 'smash/perturb-prob-zero',
    KernelAnnealOrder: 'smash/kernel-anneal-order',
    HypernetMemory: 'smash/hypernet-memory',
    TooManyParams: 'smash/too-many-params',
} as const;

export type IssueCode = (typeof IssueCodes)[keyof typeof IssueCodes];
