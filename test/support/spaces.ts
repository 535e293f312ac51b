/** A search space small enough to run every phase on real Fashion-MNIST images in seconds. */
export const TINY_RUN = `space TinyRun {
    data fashion-mnist { train 64 validation 32 test 32 }
    unit 4  maxWidth 8  slice 2  seed 5
    stem { kernel 3 width 8 }
    block b1 { bankSize {1, 2}  maxBanks 4  budget 0.5 .. 1.0 of 24  ops small }
    transition { width 8 pool avg }
    block b2 { bankSize {2}  maxBanks 4  budget 1.0 .. 1.0 of 24  ops small }
    op small { structure {(1): 0.5, (1, 1): 0.5}  kernel {3}  dilation {1, 2}  groups {1, 2} }
    hypernet { growth 4 stages [2] }
    train { epochs 2 batch 16 augment crop 2 }
    search { random 3 perturb 1 hillclimb 2 batch 32 }
    retrain { top 2 epochs 1 batch 16 }
}
`;
