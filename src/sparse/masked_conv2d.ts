// act(conv2d(x, w⊙mask) + bias) as one op (NHWC, HWIO): a backend's sparse kernel when it has
// one (touching only kept filter taps, bias and activation fused), else tf.conv2d on the masked
// filter. Its filter gradient is zero at pruned taps.
import * as tf from '@tensorflow/tfjs-core';

import {
  backendHasKernel, SnipMaskedConv2D, SnipMaskedConv2DGradFilter, SnipMaskedConv2DGradInput, type FusedEpilogue, type SnipConvAttrs,
} from './kernel_names.js';
import { epilogueGrad } from './masked_mat_mul.js';

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: SnipConvAttrs): tf.Tensor4D {
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

export function maskedConv2d(x: tf.Tensor4D, w: tf.Tensor4D, mask: tf.Tensor4D, attrs: SnipConvAttrs, epilogue: FusedEpilogue = {}): tf.Tensor4D {
  const { bias, activation = 'linear' } = epilogue;
  if (!tf.util.arraysEqual(w.shape, mask.shape) || x.shape[3] !== w.shape[2] || (bias && bias.size !== w.shape[3])) {
    throw new Error(`maskedConv2d: x [${x.shape}], w [${w.shape}], mask [${mask.shape}] and bias [${bias?.shape ?? ''}] do not fit`);
  }
  if (!backendHasKernel(SnipMaskedConv2D)) {
    return tf.tidy((): tf.Tensor4D => {
      const y = tf.conv2d(x, tf.mul(w, mask) as tf.Tensor4D, attrs.strides, attrs.pad, 'NHWC', attrs.dilations);
      const biased = bias ? tf.add(y, bias) : y;
      return (activation === 'relu' ? tf.relu(biased) : biased) as tf.Tensor4D;
    });
  }
  return run(SnipMaskedConv2D, bias ? { x, w, mask, bias } : { x, w, mask }, { ...attrs, activation });
}

// Called only for tensors made by the sparse kernel, so the backend has the gradient kernels too.
// Saved: x, w, mask, then the output (the bias gradient needs no bias).
tf.registerGradient({
  kernelName: SnipMaskedConv2D,
  inputsToSave: ['x', 'w', 'mask'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, w, mask] = saved as tf.Tensor4D[];
    const a = attrs as unknown as SnipConvAttrs;
    const { g, bias } = epilogueGrad(dy as tf.Tensor, saved[3]!, a.activation);
    const geometry: SnipConvAttrs = { strides: a.strides, pad: a.pad, dilations: a.dilations };
    return {
      x: () => run(SnipMaskedConv2DGradInput, { dy: g, w: w!, mask: mask! }, { ...geometry, inputShape: x!.shape }),
      w: () => run(SnipMaskedConv2DGradFilter, { x: x!, dy: g, mask: mask! }, geometry),
      mask: () => tf.zerosLike(mask!), // the mask is fixed: no gradient flows to it
      bias,
    };
  },
});
