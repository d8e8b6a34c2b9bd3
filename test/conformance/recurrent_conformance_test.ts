// LSTM and GRU training steps on every backend vs cpu: loss, every gradient (input and
// recurrent kernels of all gates, through time) and the weights after one masked-SGD update.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { trainableVariables } from '../../src/masks/prunable.js';
import { softmaxCrossEntropy } from '../../src/train/losses.js';
import { MaskedSgd } from '../../src/train/sgd.js';
import { assertConforms, backendsUnderTest, makeRng, randomValues } from './harness.js';

const [BATCH, STEPS, FEATURES, UNITS, CLASSES] = [4, 7, 5, 6, 3];

function trainingStep(cell: 'lstm' | 'gru', xs: Float32Array, labels: number[]): tf.Tensor[] {
  const init = (seed: number) => tfl.initializers.glorotNormal({ seed });
  const args = { inputShape: [STEPS, FEATURES], units: UNITS, name: cell, recurrentActivation: 'sigmoid' as const, kernelInitializer: init(1), recurrentInitializer: init(2) };
  const model = tfl.sequential({ layers: [
    cell === 'lstm' ? tfl.layers.lstm(args) : tfl.layers.gru(args),
    tfl.layers.dense({ units: CLASSES, name: 'fc', kernelInitializer: init(3) }),
  ] });
  const x = tf.tensor3d(xs, [BATCH, STEPS, FEATURES]);
  const y = tf.tensor1d(labels, 'int32');
  const vars = trainableVariables(model);
  // Every third entry of the recurrent kernel pruned.
  const rk = vars.get(`${cell}/recurrent_kernel`)!;
  const masks = new Map([[`${cell}/recurrent_kernel`, tf.tensor(Float32Array.from({ length: rk.size }, (_, i) => (i % 3 === 0 ? 0 : 1)), rk.shape)]]);
  const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), [...vars.values()]);
  const gradList = [...vars.values()].map((v) => grads[v.name]!);
  const sgd = new MaskedSgd(vars, masks, { momentum: 0.9, weightDecay: 5e-4 });
  sgd.step(new Map([...vars].map(([k, v]) => [k, grads[v.name]!])), 0.1);
  const updated = [...vars.values()].map((v) => tf.clone(v));
  sgd.dispose();
  model.dispose();
  return [value, ...gradList, ...updated];
}

const backends = await backendsUnderTest();

for (const backend of backends) {
  for (const cell of ['lstm', 'gru'] as const) {
    test(`${backend}: ${cell.toUpperCase()} training step (loss, grads through time, masked update) matches cpu`, async () => {
      const rng = makeRng(cell === 'lstm' ? 31 : 32);
      const xs = randomValues([BATCH, STEPS, FEATURES], rng);
      const labels = Array.from({ length: BATCH }, (_, i) => i % CLASSES);
      await assertConforms(backend, `${cell} step`, () => trainingStep(cell, xs, labels));
    });
  }
}

if (backends.length === 0) test('recurrent conformance: no backend besides cpu available', { skip: true }, () => {});
