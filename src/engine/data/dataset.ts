/**
 * The in-memory form of an image dataset, shared by every loader, the split, normalisation and the
 * batch iterator. Pixels stay uint8 until a batch is assembled, so CIFAR-10's 60,000 images take
 * 184 MB instead of four times that as float32.
 */
import type { DatasetKind } from '../space/space.js';

export interface Dataset {
    kind: DatasetKind;
    /** images: [count, height, width, channels] (NHWC), raw pixel values 0-255. */
    images: Uint8Array;
    /** labels: [count], each in 0 .. classes-1. */
    labels: Uint8Array;
    count: number;
    height: number;
    width: number;
    channels: number;
    classes: number;
    classNames?: readonly string[];
    /**
     * Whether a horizontal mirror image is still a plausible member of its class: yes for photos
     * and clothing, no for digits (a mirrored 2, 3 or 7 is not a digit). The loader only reports
     * it; the caller decides whether to flip (see `augmentWarnings`).
     */
    flipSafe: boolean;
    /** The files the images came from, for messages. */
    origin: readonly string[];
}

/** A selection of a dataset's images, by index into `data` (no pixels are copied). */
export interface Subset {
    data: Dataset;
    indices: Int32Array;
}

/**
 * What a loader returns: the images that may be used for training and validation, and the
 * held-out test images. They never overlap.
 */
export interface DataPools {
    train: Subset;
    test: Subset;
}

/** Input that is missing or not in the expected format. The message is meant for the user as is. */
export class DataError extends Error {
    override name = 'DataError';

    constructor(
        /** The file or directory at fault (absolute when it is a path). */
        readonly file: string,
        /** What the file should have been, e.g. "an IDX1 file (magic 0x00000801) of labels 0-9". */
        readonly expected: string,
        /** What was there instead, e.g. "1234 bytes" or "no such file". */
        readonly found: string,
    ) {
        super(`${file}: expected ${expected}, found ${found}`);
    }
}

export function wholeSubset(data: Dataset): Subset {
    return { data, indices: Int32Array.from({ length: data.count }, (_, i) => i) };
}

export const FASHION_MNIST_CLASSES: readonly string[] = [
    'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

export const MNIST_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const CIFAR10_CLASSES: readonly string[] = [
    'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];
