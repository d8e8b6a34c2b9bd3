import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { FUSED_SGD_KERNEL, FUSED_SGD_MULTI_KERNEL, MaskedSgd } from '../../../../src/train/sgd.js';
import { registerTorchBackend } from '../index.js';
import { torchSkipReason } from '../test_util.js';
import { SNIP_MASKED_SGD_MOMENTUM, SNIP_MASKED_SGD_MOMENTUM_MULTI, snipMaskedSgdMomentumConfig, snipMaskedSgdMomentumMultiConfig } from './SnipMaskedSgdMomentum.js';

const skip = torchSkipReason();
const SHAPES: Record<string, number[]> = { conv: [3, 3, 2, 4], dense: [6, 5], bias: [5] };
const STEPS = 4;

before(() => {
  if (!skip) registerTorchBackend({ device: 'cpu' });
});

/** Weights and masks (none for `bias`) and gradients for STEPS steps, from one seed. */
function problem(): { vars: Map<string, tf.Variable>; masks: Map<string, tf.Tensor>; grads: Map<string, tf.Tensor>[] } {
  const vars = new Map(Object.entries(SHAPES).map(([k, s], i) => {
    const init = tf.randomNormal(s, 0, 1, 'float32', i + 1);
    const v = tf.variable(init);
    init.dispose();
    return [k, v];
  }));
  const masks = new Map(['conv', 'dense'].map((k, i) => [k, tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(SHAPES[k]!, 0, 1, 'float32', 10 + i), 0.6), 'float32'))]));
  for (const [k, m] of masks) tf.tidy(() => vars.get(k)!.assign(tf.mul(vars.get(k)!, m)));
  const grads = Array.from({ length: STEPS }, (_, t) => new Map(Object.entries(SHAPES).map(([k, s], i) => [k, tf.randomNormal(s, 0, 1, 'float32', 100 * t + i + 1)])));
  return { vars, masks, grads };
}

/** Weights and momenta after STEPS masked SGD steps on the current backend (rates as numbers or scalar tensors). */
function run(rateAs: 'number' | 'tensor' = 'number'): Float32Array[] {
  const { vars, masks, grads } = problem();
  const sgd = new MaskedSgd(vars, masks, { momentum: 0.9, weightDecay: 5e-4 });
  grads.forEach((g, t) => {
    const rate = 0.1 / (t + 1);
    if (rateAs === 'number') sgd.step(g, rate);
    else tf.tidy(() => sgd.step(g, tf.scalar(rate)));
  });
  const out = [...vars.values(), ...sgd.velocity.values()].map((v) => v.dataSync() as Float32Array);
  sgd.dispose();
  tf.dispose([...vars.values(), ...masks.values(), ...grads.flatMap((g) => [...g.values()])]);
  return out;
}

/** Runs `f` with the named torch kernels unregistered, so MaskedSgd takes its next path. */
function without<T>(names: string[], f: () => T): T {
  const configs = [snipMaskedSgdMomentumConfig, snipMaskedSgdMomentumMultiConfig].filter((c) => names.includes(c.kernelName));
  for (const c of configs) tf.unregisterKernel(c.kernelName, 'torch');
  try {
    return f();
  } finally {
    for (const c of configs) tf.registerKernel(c);
  }
}

test('the kernel names MaskedSgd looks for are the ones the torch backend registers', () => {
  assert.equal(FUSED_SGD_KERNEL, SNIP_MASKED_SGD_MOMENTUM);
  assert.equal(FUSED_SGD_MULTI_KERNEL, SNIP_MASKED_SGD_MOMENTUM_MULTI);
});

test('fused masked SGD (all parameters in one call, and one per parameter) equals the op-by-op update bit for bit', { skip }, async () => {
  await tf.setBackend('torch');
  const before = tf.memory().numTensors;
  const multi = run();
  const single = without([SNIP_MASKED_SGD_MOMENTUM_MULTI], run);
  const ops = without([SNIP_MASKED_SGD_MOMENTUM_MULTI, SNIP_MASKED_SGD_MOMENTUM], run);
  // A rate given as a tensor (as compiled training steps give it) changes nothing, on every path.
  const tensorRate = [run('tensor'), without([SNIP_MASKED_SGD_MOMENTUM_MULTI], () => run('tensor')),
    without([SNIP_MASKED_SGD_MOMENTUM_MULTI, SNIP_MASKED_SGD_MOMENTUM], () => run('tensor'))];
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  await tf.setBackend('cpu');
  const cpu = run();
  multi.forEach((m, i) => {
    assert.deepEqual(m, ops[i], `tensor ${i}: multi vs ops`);
    assert.deepEqual(single[i], ops[i], `tensor ${i}: single vs ops`);
    tensorRate.forEach((r, path) => assert.deepEqual(r[i], ops[i], `tensor ${i}: path ${path} with a tensor rate vs ops`));
    m.forEach((x, j) => assert.ok(Math.abs(x - cpu[i]![j]!) <= 1e-6 * Math.max(1, Math.abs(x)), `tensor ${i}[${j}]: ${x} vs cpu ${cpu[i]![j]}`));
  });
  // Pruned entries of the masked weights (0 conv, 1 dense) and their momenta (3, 4) stay zero; kept ones moved.
  const { vars, masks, grads } = problem();
  tf.dispose([...vars.values(), ...grads.flatMap((g) => [...g.values()])]);
  [0, 1].forEach((k) => {
    const m = masks.get(k === 0 ? 'conv' : 'dense')!.dataSync();
    m.forEach((keep, j) => {
      if (!keep) assert.ok(multi[k]![j] === 0 && multi[k + 3]![j] === 0, `pruned entry ${j} of ${k} moved`);
    });
    assert.ok(multi[k + 3]!.some((v) => v !== 0));
  });
  tf.dispose([...masks.values()]);
});

test('the single-variable kernel updates w and v per PyTorch\'s formula, with and without a mask', { skip }, async () => {
  await tf.setBackend('torch');
  const w = tf.tensor1d([1, -2, 3]), v = tf.tensor1d([0.5, 0.5, -1]), g = tf.tensor1d([0.1, 0.2, 0.3]), mask = tf.tensor1d([1, 0, 1]);
  const attrs = { lr: 0.1, momentum: 0.9, weightDecay: 0.01 };
  const expectV = [0.9 * 0.5 + 0.1 + 0.01, 0.9 * 0.5 + 0.2 - 0.02, 0.9 * -1 + 0.3 + 0.03];
  const expectW = [1 - 0.1 * expectV[0]!, -2 - 0.1 * expectV[1]!, 3 - 0.1 * expectV[2]!];
  const plain = tf.engine().runKernel(SNIP_MASKED_SGD_MOMENTUM, { w, v, g }, attrs) as tf.Tensor[];
  const masked = tf.engine().runKernel(SNIP_MASKED_SGD_MOMENTUM, { w, v, g, mask }, attrs) as tf.Tensor[];
  const close = (t: tf.Tensor, want: number[]) => Array.from(t.dataSync()).forEach((x, i) => assert.ok(Math.abs(x - want[i]!) < 1e-6, `${x} vs ${want[i]}`));
  close(plain[0]!, expectW);
  close(plain[1]!, expectV);
  close(masked[0]!, [expectW[0]!, 0, expectW[2]!]);
  close(masked[1]!, [expectV[0]!, 0, expectV[2]!]);
  tf.dispose([w, v, g, mask, ...plain, ...masked]);
});
