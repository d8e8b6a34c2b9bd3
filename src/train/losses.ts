// Softmax cross-entropy from logits and integer labels, averaged over the batch.
import * as tf from '@tensorflow/tfjs-core';

import { backendHasKernel } from '../sparse/kernel_names.js';

/** The loss as one kernel, inputs {logits [B×C] float32, labels [B]}; a backend may register it. */
export const SnipSoftmaxCrossEntropy = 'SnipSoftmaxCrossEntropy';
/** Its gradient with respect to the logits: inputs {dy [], logits, labels}. */
export const SnipSoftmaxCrossEntropyGrad = 'SnipSoftmaxCrossEntropyGrad';

/**
 * mean over the batch of −log softmax(logits)[label]: the backend's fused kernel where it has
 * one (the native backend: two kernels a step instead of ~20), else tf.losses.softmaxCrossEntropy
 * of the one-hot labels, which it equals to float rounding.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  if (logits.rank === 2 && logits.dtype === 'float32' && backendHasKernel(SnipSoftmaxCrossEntropy)) {
    return tf.engine().runKernel(SnipSoftmaxCrossEntropy, { logits, labels }, {}) as tf.Scalar;
  }
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, logits.shape[logits.shape.length - 1]);
    return tf.losses.softmaxCrossEntropy(oneHot, logits as tf.Tensor2D) as tf.Scalar;
  });
}

tf.registerGradient({
  kernelName: SnipSoftmaxCrossEntropy,
  inputsToSave: ['logits', 'labels'],
  gradFunc: (dy, saved) => {
    const [logits, labels] = saved as [tf.Tensor2D, tf.Tensor1D];
    return {
      logits: () => tf.engine().runKernel(SnipSoftmaxCrossEntropyGrad, { dy: dy as tf.Tensor, logits, labels }, {}) as tf.Tensor,
      labels: () => tf.zerosLike(labels), // integer class indices: nothing to differentiate
    };
  },
});

/** Number of correct argmax predictions in a batch, as a scalar tensor. */
export function correctCount(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')) as tf.Scalar);
}
