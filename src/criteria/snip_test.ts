import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { flatScores, toyContext, toyModel, W1, W2, X, Y } from '../../test/helpers/toy_net.js';
import { snip } from './snip.js';

before(useCpu);

// Plain-JS loss of the toy net with connection multipliers c1, c2 (the paper's eq. 2).
function lossWithMultipliers(c1: number[], c2: number[]): number {
  let total = 0;
  X.forEach((x, n) => {
    const h = [0, 1].map((j) => x.reduce((s, xi, i) => s + xi * W1[i * 2 + j] * c1[i * 2 + j], 0));
    const z = [0, 1].map((k) => h.reduce((s, hj, j) => s + hj * W2[j * 2 + k] * c2[j * 2 + k], 0));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, zk) => s + Math.exp(zk - m), 0));
    total += lse - z[Y[n]];
  });
  return total / X.length;
}

test('SNIP score equals the finite-difference |∂L/∂c| at c = 1, normalised to sum 1', async () => {
  const model = toyModel();
  const ctx = toyContext(model);
  const scores = await snip.score(ctx);
  const ones1 = W1.map(() => 1);
  const ones2 = W2.map(() => 1);
  const eps = 1e-4;
  const fd = (which: 1 | 2, j: number) => {
    const up = which === 1 ? ones1.map((c, i) => (i === j ? 1 + eps : c)) : ones1;
    const dn = which === 1 ? ones1.map((c, i) => (i === j ? 1 - eps : c)) : ones1;
    const up2 = which === 2 ? ones2.map((c, i) => (i === j ? 1 + eps : c)) : ones2;
    const dn2 = which === 2 ? ones2.map((c, i) => (i === j ? 1 - eps : c)) : ones2;
    return Math.abs((lossWithMultipliers(up, up2) - lossWithMultipliers(dn, dn2)) / (2 * eps));
  };
  const expected = [...W1.map((_, j) => fd(1, j)), ...W2.map((_, j) => fd(2, j))];
  const norm = expected.reduce((a, b) => a + b, 0);
  const got = flatScores(scores);
  got.forEach((g, i) => assert.ok(Math.abs(g - expected[i] / norm) < 1e-4, `weight ${i}: ${g} vs ${expected[i] / norm}`));
  assert.deepEqual(scores.get('h/kernel')!.shape, [3, 2]);
  assert.deepEqual(scores.get('out/kernel')!.shape, [2, 2]);
  tf.dispose([...scores.values()]);
  ctx.dispose();
});

test('scoring leaves weights unchanged and leaks no tensor', async () => {
  const model = toyModel();
  const ctx = toyContext(model);
  const before = model.getWeights().map((w) => [...w.dataSync()]);
  const tensorsBefore = tf.memory().numTensors;
  const scores = await snip.score(ctx);
  tf.dispose([...scores.values()]);
  assert.equal(tf.memory().numTensors, tensorsBefore);
  assert.deepEqual(model.getWeights().map((w) => [...w.dataSync()]), before);
});

test('pruning leaves batch norm running statistics as they were', async () => {
  const { prune } = await import('../prune.js');
  const tfl = await import('@tensorflow/tfjs-layers');
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 4, name: 'd1' }),
      tfl.layers.batchNormalization({ name: 'bn' }),
      tfl.layers.dense({ units: 2, name: 'd2' }),
    ],
  });
  const stats = () => model.getLayer('bn').getWeights().slice(2).map((t) => [...t.dataSync()]);
  const before = stats();
  const x = tf.tensor(X);
  const y = tf.tensor1d(Y, 'int32');
  const { masks } = await prune(model, { x, y }, { sparsity: 0.5 });
  assert.deepEqual(stats(), before);
  tf.dispose([x, y, ...masks.values()]);
});
