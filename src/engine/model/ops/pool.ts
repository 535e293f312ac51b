/**
 * Average pooling.
 * - avgPool2, the transitions' 2x2 pooling, stride 2, 'valid' (an odd last row or column is
 *   dropped), with a hand-written gradient: each output's gradient spread over its window as one
 *   broadcast multiply. The wasm backend's AvgPoolGrad kernel takes 36 ms for a [64, 32, 32, 64]
 *   input, the multiply 1.5 ms. On webgpu its native AvgPoolGrad is used.
 * - gridPool, the head's pooling to grid x grid cells. It runs once per step on the last block's
 *   small maps, so the native kernel and its gradient serve, overlapping windows included.
 */
import { tf } from '../../backend/tf.js';
import { gridPooling } from '../../space/space.js';
import { nativeGradients } from './conv.js';

/** x: [batch, h, w, c] -> [batch, floor(h/2), floor(w/2), c]. */
export function avgPool2(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w, c] = x.shape;
    const [ho, wo] = [Math.floor(h / 2), Math.floor(w / 2)];
    if (ho < 1 || wo < 1) throw new RangeError(`avgPool2: a 2x2 window does not fit a ${h}x${w} input`);
    if (nativeGradients()) return tf.avgPool(x, 2, 2, 'valid');
    const op = tf.customGrad((...args) => {
        const [xIn] = args as [tf.Tensor4D, tf.GradSaveFunc];
        return {
            value: tf.avgPool(xIn, 2, 2, 'valid'),
            gradFunc: (dy: tf.Tensor) => {
                // dy: [n, ho, 1, wo, 1, c] x 1/4 over [1, 1, 2, 1, 2, 1] -> [n, 2ho, 2wo, c], zeros for a dropped row/column.
                const spread = tf.mul(tf.reshape(dy, [n, ho, 1, wo, 1, c]), tf.fill([1, 1, 2, 1, 2, 1], 0.25));
                const dx = tf.reshape<tf.Rank.R4>(spread, [n, 2 * ho, 2 * wo, c]);
                return h === 2 * ho && w === 2 * wo ? dx : tf.pad(dx, [[0, 0], [0, h - 2 * ho], [0, w - 2 * wo], [0, 0]]);
            },
        };
    });
    return op(x) as tf.Tensor4D;
}

/** x: [batch, h, w, c] -> [batch, grid, grid, c], each cell the mean of its window. */
export function gridPool(x: tf.Tensor4D, grid: number): tf.Tensor4D {
    const { kernel, stride } = gridPooling([x.shape[1], x.shape[2]], grid);
    return tf.avgPool(x, kernel, stride, 'valid');
}
