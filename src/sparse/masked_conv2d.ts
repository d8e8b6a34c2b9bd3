// conv2d(x, w⊙mask) as one op (NHWC, HWIO): a backend's sparse kernel when it has one (touching
// only kept filter taps), else tf.conv2d on the masked filter. Its filter gradient is zero at
// pruned taps.
import * as tf from '@tensorflow/tfjs-core';

import {
  backendHasKernel, SnipMaskedConv2D, SnipMaskedConv2DGradFilter, SnipMaskedConv2DGradInput, type SnipConvAttrs,
} from './kernel_names.js';

function run(kernel: string, inputs: tf.NamedTensorMap, attrs: SnipConvAttrs): tf.Tensor4D {
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

export function maskedConv2d(x: tf.Tensor4D, w: tf.Tensor4D, mask: tf.Tensor4D, attrs: SnipConvAttrs): tf.Tensor4D {
  if (!tf.util.arraysEqual(w.shape, mask.shape) || x.shape[3] !== w.shape[2]) {
    throw new Error(`maskedConv2d: x [${x.shape}], w [${w.shape}] and mask [${mask.shape}] do not fit`);
  }
  if (!backendHasKernel(SnipMaskedConv2D)) return tf.tidy(() => tf.conv2d(x, tf.mul(w, mask) as tf.Tensor4D, attrs.strides, attrs.pad, 'NHWC', attrs.dilations));
  return run(SnipMaskedConv2D, { x, w, mask }, attrs);
}

// Called only for tensors made by the sparse kernel, so the backend has the gradient kernels too.
tf.registerGradient({
  kernelName: SnipMaskedConv2D,
  inputsToSave: ['x', 'w', 'mask'],
  gradFunc: (dy, saved, attrs) => {
    const [x, w, mask] = saved as tf.Tensor4D[];
    const a = attrs as unknown as SnipConvAttrs;
    return {
      x: () => run(SnipMaskedConv2DGradInput, { dy: dy as tf.Tensor, w, mask }, { ...a, inputShape: x.shape }),
      w: () => run(SnipMaskedConv2DGradFilter, { x, dy: dy as tf.Tensor, mask }, a),
      mask: () => tf.zerosLike(mask), // the mask is fixed: no gradient flows to it
    };
  },
});
