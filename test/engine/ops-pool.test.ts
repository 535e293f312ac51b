/** avgPool2's hand-written gradient against finite differences, and its values against tf.avgPool. */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/backend.js';
import { avgPool2 } from '../../src/engine/model/ops/pool.js';
import { Random } from '../../src/engine/random.js';
import { tf } from '../../src/engine/backend/tf.js';
import { gradCheck, randomTensor } from './ops-helpers.js';

describe.each(['cpu', 'wasm'] as const)('avgPool2 on %s', (backend) => {
    beforeAll(async () => {
        await selectBackend(backend);
    });

    it.each([[[2, 4, 6, 3]], [[1, 5, 7, 2]], [[2, 3, 2, 1]]])('x %j: values and gradient (odd sizes drop the last row/column)', (shape) => {
        const rng = new Random(`pool ${shape}`);
        const x = randomTensor(rng, shape) as tf.Tensor4D;
        expect(Array.from(avgPool2(x).dataSync())).toEqual(Array.from(tf.avgPool(x, 2, 2, 'valid').dataSync()));
        // Linear in x: the central difference is exact up to float32 rounding.
        const result = gradCheck((a) => avgPool2(a as tf.Tensor4D), [x], rng, 0.5);
        expect(result.scale[0]).toBeGreaterThan(0.1);
        expect(result.relError[0]).toBeLessThan(1e-4);
        x.dispose();
    });
});
