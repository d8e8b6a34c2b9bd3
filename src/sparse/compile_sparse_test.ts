import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { selectBackend } from '../../backends/registry.js';
import { prunableWeights, trainableVariables } from '../masks/prunable.js';
import type { MaskSet } from '../masks/mask_set.js';
import { applyMasks } from '../masks/apply.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { MaskedSgd } from '../train/sgd.js';
import { compileSparse, type SparseMode } from './compile_sparse.js';

const DENSITY = 0.2;

function model(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }), biasInitializer: 'ones' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 30, activation: 'relu', name: 'a', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 5, name: 'b', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }), biasInitializer: 'ones' }),
    ],
  });
}

function masksOf(m: tfl.LayersModel): MaskSet {
  return new Map(prunableWeights(m).map((w, i) => [w.key, tf.cast(tf.less(tf.randomUniform(w.variable.shape, 0, 1, 'float32', 10 + i), DENSITY), 'float32')]));
}

// Three masked SGD steps; returns the final weights and the last logits.
function trainSteps(mode: SparseMode): { weights: Float32Array[]; logits: Float32Array; masks: Float32Array[]; choices: boolean[] } {
  const m = model();
  const masks = masksOf(m);
  applyMasks(prunableWeights(m), masks);
  const compiled = compileSparse(m, masks, { mode, batchSize: 8, training: true });
  const variables = trainableVariables(m);
  const sgd = new MaskedSgd(variables, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const x = tf.randomUniform([8, 6, 6, 2], -1, 1, 'float32', 3), y = tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2], 'int32');
  for (let i = 0; i < 3; ++i) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => softmaxCrossEntropy(m.apply(x, { training: true }) as tf.Tensor, y), [...variables.values()]);
      sgd.stepNamed(grads, 0.1);
    });
  }
  const logits = tf.tidy(() => (m.apply(x) as tf.Tensor).dataSync() as Float32Array);
  compiled.restore();
  const out = { weights: m.getWeights().map((w) => w.dataSync() as Float32Array), logits, masks: [...masks.values()].map((t) => t.dataSync() as Float32Array), choices: compiled.layers.map((l) => l.sparse) };
  sgd.dispose();
  tf.dispose([x, y, ...masks.values()]);
  m.dispose();
  return out;
}

function assertClose(a: Float32Array, b: Float32Array, what: string): void {
  let diff = 0, scale = 0;
  a.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - b[i]!)); scale = Math.max(scale, Math.abs(b[i]!)); });
  assert.ok(diff <= 1e-5 * Math.max(scale, 1e-30), `${what}: ${diff} of ${scale}`);
}

test('native, --sparse on (conv and dense): training steps match the dense masked run and pruned weights stay exactly zero', async () => {
  await selectBackend('native', () => {});
  const sparse = trainSteps('on'), dense = trainSteps('off');
  assert.deepEqual(sparse.choices, [true, true, true]);
  assert.deepEqual(dense.choices, [false, false, false]);
  assertClose(sparse.logits, dense.logits, 'logits');
  sparse.weights.forEach((w, i) => assertClose(w, dense.weights[i]!, `weight ${i}`));
  // kernels are weights 0, 2 and 4 (bias after each kernel); masks in the same order
  [0, 2, 4].forEach((wi, mi) => sparse.weights[wi]!.forEach((v, j) => assert.ok(sparse.masks[mi]![j] === 1 || v === 0, `pruned weight ${wi}[${j}] = ${v}`)));
});

test('--sparse auto records the measured times per masked layer; backends without the kernel stay dense', async () => {
  for (const backend of ['native', 'cpu'] as const) {
    await selectBackend(backend, () => {});
    const m = model();
    const masks = masksOf(m);
    const c = compileSparse(m, masks, { mode: 'auto', batchSize: 8, training: false });
    assert.deepEqual(c.layers.map((l) => l.layer), ['c', 'a', 'b']);
    for (const l of c.layers) {
      assert.ok(Math.abs(l.density - DENSITY) < 0.15, `density ${l.density}`);
      if (backend === 'native') assert.ok(l.denseMs! > 0 && l.sparseMs! > 0 && l.sparse === l.sparseMs! < l.denseMs!, JSON.stringify(l));
      else assert.ok(!l.sparse && /no sparse kernel/.test(l.reason), l.reason);
    }
    c.restore();
    tf.dispose([...masks.values()]);
    m.dispose();
  }
});

test('--sparse auto after a resume keeps the layers chosen before it, without timing again', async () => {
  await selectBackend('native', () => {});
  const m = model();
  const masks = masksOf(m);
  const c = compileSparse(m, masks, { mode: 'auto', batchSize: 8, training: true, resumedSparse: ['a'] });
  assert.deepEqual(c.layers.map((l) => [l.layer, l.sparse, l.reason, l.denseMs]), [
    ['c', false, 'as chosen before the resume', undefined], ['a', true, 'as chosen before the resume', undefined], ['b', false, 'as chosen before the resume', undefined],
  ]);
  c.restore();
  tf.dispose([...masks.values()]);
  m.dispose();
});

test('--sparse auto for inference times a convolution read only by a 2×2 max pool fused with it, as native replay runs it', async () => {
  await selectBackend('native', () => {});
  const { countKernelCalls } = await import('../../backends/native/src/test_util.js');
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, padding: 'same', name: 'c', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
      tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 5, name: 'd', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  const masks = masksOf(m);
  const pools = countKernelCalls('MaxPool');
  try {
    const c = compileSparse(m, masks, { mode: 'auto', batchSize: 4, training: false });
    assert.ok(c.layers.every((l) => l.denseMs! > 0 && l.sparseMs! > 0), JSON.stringify(c.layers));
    // Replay runs each timed step's MaxPool inside the convolution kernel: once per recording (eager), not per repetition.
    assert.ok(pools.calls > 0 && pools.calls <= 8, `MaxPool ran ${pools.calls} times on its own`);
    c.restore();
  } finally {
    pools.restore();
    tf.dispose([...masks.values()]);
    m.dispose();
  }
});
