// act(x·(w⊙mask) + bias) as one op: a backend's sparse kernel when it has one (touching only
// kept weights, with the bias and activation fused), else the dense masked product from tf
// ops. Its weight gradient is zero at pruned weights.
import * as tf from '@tensorflow/tfjs-core';

import { backendHasKernel, SnipMaskedMatMul, SnipMaskedMatMulGradFilter, SnipMaskedMatMulGradInput, SnipReluBiasGrad, type FusedEpilogue } from './kernel_names.js';

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor2D {
  return tf.engine().runKernel(kernel, inputs, attrs) as tf.Tensor2D;
}

/** act(x [M×K] · (w⊙mask) [K×N] + bias). */
export function maskedMatMul(x: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor2D, epilogue: FusedEpilogue = {}): tf.Tensor2D {
  const { bias, activation = 'linear' } = epilogue;
  if (x.shape[1] !== w.shape[0] || !tf.util.arraysEqual(w.shape, mask.shape) || (bias && bias.size !== w.shape[1])) {
    throw new Error(`maskedMatMul: x [${x.shape}], w [${w.shape}], mask [${mask.shape}] and bias [${bias?.shape ?? ''}] do not fit`);
  }
  if (!backendHasKernel(SnipMaskedMatMul)) {
    return tf.tidy((): tf.Tensor2D => {
      const y = tf.matMul(x, tf.mul(w, mask));
      const biased = bias ? tf.add(y, bias) : y;
      return (activation === 'relu' ? tf.relu(biased) : biased) as tf.Tensor2D;
    });
  }
  return run(SnipMaskedMatMul, bias ? { x, w, mask, bias } : { x, w, mask }, { activation });
}

/**
 * dy through the fused activation (given the op's output y), and the bias gradient: its sums over
 * every axis but the last. One kernel for both where the backend has it (three otherwise).
 */
export function epilogueGrad(dy: tf.Tensor, y: tf.Tensor, activation: FusedEpilogue['activation']): { g: tf.Tensor; bias: () => tf.Tensor } {
  const leading = dy.shape.slice(0, -1).map((_, axis) => axis);
  if (activation !== 'relu') return { g: dy, bias: () => tf.sum(dy, leading) };
  if (backendHasKernel(SnipReluBiasGrad)) {
    const [g, db] = tf.engine().runKernel(SnipReluBiasGrad, { dy, y }, {}) as tf.Tensor[];
    return { g: g!, bias: () => db! };
  }
  const g = tf.mul(dy, tf.step(y));
  return { g, bias: () => tf.sum(g, leading) };
}

// Saved: x, w, mask, then the output (the bias gradient needs no bias).
tf.registerGradient({
  kernelName: SnipMaskedMatMul,
  inputsToSave: ['x', 'w', 'mask'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, w, mask] = saved as tf.Tensor2D[];
    const { g, bias } = epilogueGrad(dy as tf.Tensor, saved[3]!, (attrs as FusedEpilogue).activation);
    return {
      x: () => run(SnipMaskedMatMulGradInput, { dy: g, w: w!, mask: mask! }),
      w: () => run(SnipMaskedMatMulGradFilter, { x: x!, dy: g, mask: mask! }),
      mask: () => tf.zerosLike(mask!), // the mask is fixed: no gradient flows to it
      bias,
    };
  },
});
