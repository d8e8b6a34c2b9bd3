// Softmax cross-entropy from logits and integer labels, averaged over the batch.
import * as tf from '@tensorflow/tfjs-core';

export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, logits.shape[logits.shape.length - 1]);
    return tf.losses.softmaxCrossEntropy(oneHot, logits as tf.Tensor2D) as tf.Scalar;
  });
}

/** Number of correct argmax predictions in a batch, as a scalar tensor. */
export function correctCount(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32')) as tf.Scalar);
}
