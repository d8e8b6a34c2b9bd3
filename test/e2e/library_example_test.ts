// The README's library example, on a user-defined model, runs as written.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../backends/registry.js';
import { maskCallback, snip } from '../../src/index.js';

before(async () => { await selectBackend('wasm'); });

test('README example: snip() on a user model, then model.fit() with the masks enforced', async () => {
  // --- README example starts ---
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 10 }), // logits: SNIP's default loss is softmax cross-entropy
    ],
  });
  const x = tf.randomNormal([100, 28, 28, 1]);
  const y = tf.tensor1d(Array.from({ length: 100 }, (_, i) => i % 10), 'int32');

  // Score |g ⊙ w| on one batch, keep the top 10% over the whole network, zero the rest.
  const { masks, kept, total, layers } = await snip(model, { x, y }, { sparsity: 0.9 });
  assert.equal(layers.length, 2); // [{ name, shape, kept, total }] per kernel (README: console.table(layers))

  // Train with tfjs' own fit(); the callback keeps pruned weights and momentum at zero.
  model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
  await model.fit(x, tf.oneHot(y, 10), { epochs: 2, batchSize: 20, verbose: 0, callbacks: [maskCallback(model, masks)] });
  // --- README example ends ---

  assert.equal(kept, Math.round(0.1 * total));
  const kernel = model.layers[3].getWeights()[0].dataSync();
  const mask = masks.get(model.layers[3].trainableWeights[0].originalName)!.dataSync();
  mask.forEach((m, i) => { if (m === 0) assert.ok(kernel[i] === 0); });
});
