// Whole training steps of a LeNet-5-like conv net agree between `native` and tfjs-backend-cpu:
// the gradients of one step (tf.variableGrads), then the loss over several SGD steps, which
// also exercises the recycling of kernel outputs between steps.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { assertClose, randomData, requireNative } from './test_util.js';

requireNative();

function lenet5(): tfl.LayersModel {
  return tfl.sequential({ layers: [
    tfl.layers.conv2d({ filters: 6, kernelSize: 5, padding: 'same', activation: 'relu', inputShape: [20, 20, 1] }),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'linear' }),
    tfl.layers.averagePooling2d({ poolSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 120, activation: 'relu' }),
    tfl.layers.dense({ units: 10 }),
  ] });
}

/** Runs `steps` SGD steps from seeded weights; returns the first step's gradients and every loss. */
async function train(backend: string, steps: number) {
  await tf.setBackend(backend);
  const model = lenet5();
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(randomData(w.size, 100 + i).map((v) => v * 0.2), w.shape)));
  const batch = 6;
  const x = tf.tensor(randomData(batch * 20 * 20, 7), [batch, 20, 20, 1]);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5], 'int32'), 10);
  const optimizer = tf.train.sgd(0.05);
  const losses: number[] = [];
  let grads: { shape: number[]; values: Float32Array }[] = [];
  const tensorsAfterStep: number[] = [];
  for (let s = 0; s < steps; ++s) {
    const { value, grads: g } = tf.variableGrads(() =>
      tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    if (s === 0) grads = Object.keys(g).sort().map((k) => ({ shape: g[k].shape, values: g[k].dataSync() as Float32Array }));
    optimizer.applyGradients(g);
    losses.push(value.dataSync()[0]);
    tf.dispose([value, ...Object.values(g)]);
    tensorsAfterStep.push(tf.memory().numTensors);
  }
  tf.dispose([x, labels]);
  tf.disposeVariables();
  return { grads, losses, tensorsAfterStep };
}

test('LeNet-5 training steps: native matches cpu', async () => {
  const want = await train('cpu', 4);
  const got = await train('native', 4);
  assert.equal(new Set(got.tensorsAfterStep.slice(1)).size, 1, `no tensors leak per step: ${got.tensorsAfterStep}`);
  assertClose(got.grads, want.grads, 'first-step gradients');
  assertClose([{ shape: [4], values: Float32Array.from(got.losses) }], [{ shape: [4], values: Float32Array.from(want.losses) }], 'losses');
  assert.ok(got.losses[3] < got.losses[0], 'the loss goes down');
});
