// x·(w⊙mask) as one op: a backend's sparse kernel when it has one (touching only kept weights),
// else the dense masked product from tf ops. Its gradient never produces values at pruned weights.
import * as tf from '@tensorflow/tfjs-core';

import { backendHasKernel, SnipMaskedMatMul, SnipMaskedMatMulGradFilter, SnipMaskedMatMulGradInput } from './kernel_names.js';

function run(kernel: string, inputs: tf.NamedTensorMap): tf.Tensor2D {
  return tf.engine().runKernel(kernel, inputs, {}) as tf.Tensor2D;
}

/** x [M×K] · (w⊙mask) [K×N]. */
export function maskedMatMul(x: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  if (x.shape[1] !== w.shape[0] || !tf.util.arraysEqual(w.shape, mask.shape)) {
    throw new Error(`maskedMatMul: x [${x.shape}], w [${w.shape}] and mask [${mask.shape}] do not fit`);
  }
  if (!backendHasKernel(SnipMaskedMatMul)) return tf.tidy(() => tf.matMul(x, tf.mul(w, mask)));
  return run(SnipMaskedMatMul, { x, w, mask });
}

/** dx = dy·(w⊙mask)ᵀ. */
function gradInput(dy: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  if (!backendHasKernel(SnipMaskedMatMulGradInput)) return tf.tidy(() => tf.matMul(dy, tf.mul(w, mask), false, true));
  return run(SnipMaskedMatMulGradInput, { dy, w, mask });
}

/** dw = (xᵀ·dy)⊙mask. */
function gradFilter(x: tf.Tensor2D, dy: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  if (!backendHasKernel(SnipMaskedMatMulGradFilter)) return tf.tidy(() => tf.mul(tf.matMul(x, dy, true, false), mask));
  return run(SnipMaskedMatMulGradFilter, { x, dy, mask });
}

tf.registerGradient({
  kernelName: SnipMaskedMatMul,
  inputsToSave: ['x', 'w', 'mask'],
  gradFunc: (dy, saved) => {
    const [x, w, mask] = saved as tf.Tensor2D[];
    return {
      x: () => gradInput(dy as tf.Tensor2D, w, mask),
      w: () => gradFilter(x, dy as tf.Tensor2D, mask),
      mask: () => tf.zerosLike(mask), // the mask is fixed: no gradient flows to it
    };
  },
});
