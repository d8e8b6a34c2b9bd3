import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../../test/helpers/cpu.js';
import { maskCallback } from '../masks/fit_callback.js';
import { prunableWeights, trainableVariables } from '../masks/prunable.js';
import { prune } from '../prune.js';
import { softmaxCrossEntropy } from './losses.js';
import { MaskedSgd } from './sgd.js';

before(useCpu);

function net(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, name: 'c', kernelInitializer: tfl.initializers.heNormal({ seed: 1 }) }),
      tfl.layers.flatten({ name: 'f' }),
      tfl.layers.dense({ units: 4, name: 'd', kernelInitializer: tfl.initializers.heNormal({ seed: 2 }) }),
    ],
  });
}

const x = tf.randomNormal([16, 6, 6, 1], 0, 1, 'float32', 7);
const y = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], 'int32');

function prunedZerosExact(model: tfl.LayersModel, masks: Map<string, tf.Tensor>, slots: Map<string, tf.Tensor>) {
  for (const w of prunableWeights(model)) {
    const m = masks.get(w.key)!.dataSync();
    const v = w.variable.dataSync();
    const s = slots.get(w.key)?.dataSync();
    m.forEach((keep, i) => {
      if (!keep) {
        assert.ok(v[i] === 0, `${w.key}[${i}] weight ${v[i]}`); // ±0
        if (s) assert.ok(s[i] === 0, `${w.key}[${i}] momentum ${s[i]}`);
      }
    });
  }
}

test('masked SGD keeps pruned weights and their momentum exactly zero for N steps', async () => {
  const model = net();
  const { masks, kept, total } = await prune(model, { x, y }, { sparsity: 0.8 });
  assert.equal(kept, Math.round(0.2 * total));
  const vars = trainableVariables(model);
  const sgd = new MaskedSgd(vars, masks, { momentum: 0.9, weightDecay: 5e-4 });
  for (let t = 0; t < 25; t++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), [...vars.values()]);
      sgd.stepNamed(grads, 0.1);
    });
  }
  prunedZerosExact(model, masks, sgd.velocity);
  // Kept weights did move.
  const moved = [...sgd.velocity.values()].some((v) => v.dataSync().some((e) => e !== 0));
  assert.ok(moved);
});

test('model.fit with maskCallback keeps pruned weights and optimiser slots zero', async () => {
  const model = net();
  const { masks } = await prune(model, { x, y }, { sparsity: 0.7 });
  const optimizer = tf.train.momentum(0.05, 0.9);
  model.compile({ optimizer, loss: (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
  await model.fit(x, tf.oneHot(y, 4), { epochs: 3, batchSize: 4, verbose: 0, callbacks: [maskCallback(model, masks)] });
  const slots = new Map<string, tf.Tensor>();
  const byVar = new Map(prunableWeights(model).map((w) => [w.variable.name, w.key]));
  for (const s of await optimizer.getWeights()) {
    const key = byVar.get(s.name) ?? byVar.get(s.name.slice(0, s.name.lastIndexOf('/')));
    if (key) slots.set(key, s.tensor);
  }
  assert.equal(slots.size, 2, 'found the momentum slots of both kernels');
  prunedZerosExact(model, masks, slots);
});
