// The fused loss kernels (SnipSoftmaxCrossEntropy and its gradient) against tfjs-core's
// softmaxCrossEntropy of the one-hot labels on cpu: loss and gradient, large logits and a
// label out of range (a row of zeros in the one-hot labels) included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';

import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { randomData, requireNative } from './test_util.js';

test('native fused softmax cross-entropy equals tf.losses.softmaxCrossEntropy, loss and logits gradient', async () => {
  requireNative();
  const [rows, cols] = [37, 11];
  const z = Float32Array.from(randomData(rows * cols, 7), (r, i) => (i % 50 === 0 ? 80 * r : 4 * r));
  const y = Int32Array.from({ length: rows }, (_, i) => (i === 5 ? -1 : (i * 7) % cols));
  const results: { loss: number; grad: Float32Array; kernels: string[] }[] = [];
  for (const backend of ['cpu', 'native']) {
    await tf.setBackend(backend);
    const logits = tf.tensor2d(z, [rows, cols]);
    const labels = tf.tensor1d(y, 'int32');
    const profile = await tf.profile(() => {
      const { value, grad } = tf.valueAndGrad((l: tf.Tensor) => softmaxCrossEntropy(l, labels))(logits);
      results.push({ loss: value.dataSync()[0]!, grad: grad.dataSync() as Float32Array, kernels: [] });
    });
    results.at(-1)!.kernels = profile.kernelNames;
    tf.dispose([logits, labels]);
  }
  const [want, got] = results as [(typeof results)[0], (typeof results)[0]];
  assert.ok(got.kernels.includes('SnipSoftmaxCrossEntropy') && got.kernels.includes('SnipSoftmaxCrossEntropyGrad'), `native ran ${got.kernels}`);
  assert.ok(Math.abs(got.loss - want.loss) <= 1e-6 * Math.abs(want.loss), `loss ${got.loss} vs ${want.loss}`);
  for (let i = 0; i < rows * cols; i++) assert.ok(Math.abs(got.grad[i]! - want.grad[i]!) <= 1e-6, `dlogits[${i}] ${got.grad[i]} vs ${want.grad[i]}`);
});
