import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../../test/helpers/cpu.js';
import { flatScores, toyContext, toyModel, W1, W2 } from '../../test/helpers/toy_net.js';
import { prunableWeights } from '../masks/prunable.js';
import { fullMasks } from '../masks/mask_set.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { synflow } from './synflow.js';

before(useCpu);

test('SynFlow scores: |W1_ij| Σ_k |W2_jk| and |W2_jk| Σ_i |W1_ij| for an all-ones input', async () => {
  const ctx = toyContext(toyModel());
  const scores = await synflow.score(ctx);
  const a1 = W1.map(Math.abs);
  const a2 = W2.map(Math.abs);
  const h = [0, 1].map((j) => a1[j] + a1[2 + j] + a1[4 + j]); // hidden unit j on the ones input
  const s1 = a1.map((w, idx) => w * (a2[(idx % 2) * 2] + a2[(idx % 2) * 2 + 1]));
  const s2 = a2.map((w, idx) => w * h[Math.floor(idx / 2)]);
  const got = flatScores(scores);
  [...s1, ...s2].forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-5, `weight ${i}: ${got[i]} vs ${v}`));
  tf.dispose([...scores.values()]);
  ctx.dispose();
});

test('SynFlow is data-free, uses batch norm in inference mode and restores every weight', async () => {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 2, useBias: false, name: 'h' }),
      tfl.layers.batchNormalization({ name: 'bn' }),
      tfl.layers.dense({ units: 2, useBias: false, name: 'out' }),
    ],
  });
  // Negative entries everywhere, batch-norm statistics included, so the sign flip must be undone.
  model.getLayer('h').setWeights([tf.tensor([[0.5, -1], [0.25, 2], [-0.5, 1.5]])]);
  model.getLayer('bn').setWeights([tf.tensor([-1, 2]), tf.tensor([0.5, -0.5]), tf.tensor([-0.2, 0.3]), tf.tensor([2, 0.5])]);
  model.getLayer('out').setWeights([tf.tensor([[1, -2], [0.5, 0.75]])]);
  const weights = prunableWeights(model);
  const masks = fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape])));
  const before = model.getWeights().map((w) => [...w.dataSync()]);
  const scores = await synflow.score({
    model, weights, masks, loss: softmaxCrossEntropy, seed: 0,
    batches: async function* () { throw new Error('synflow must not read data'); },
  });
  // Training-mode batch norm on one example would output β alone and give the first layer zero scores.
  assert.ok([...scores.get('h/kernel')!.dataSync()].every((v) => v > 0));
  assert.deepEqual(model.getWeights().map((w) => [...w.dataSync()]), before);
  tf.dispose([...scores.values(), ...masks.values()]);
});
