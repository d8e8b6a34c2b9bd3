// SnipMaskedSgdMomentum against the unfused formula (src/train/sgd.ts MaskedSgd) on cpu.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';

import { randomData, requireNative } from './test_util.js';
import { SNIP_MASKED_SGD_MOMENTUM } from './kernels/SnipMaskedSgdMomentum.js';
import { MaskedSgd } from '../../../src/train/sgd.js';

const ATTRS = { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 };

// v' = (μ·v + (g + λ·w))·m;  w' = (w − η·v')·m, as MaskedSgd composes it.
function reference(w: tf.Tensor, v: tf.Tensor, g: tf.Tensor, m: tf.Tensor | undefined): tf.Tensor[] {
  const vNew = tf.add(tf.mul(v, ATTRS.momentum), tf.add(g, tf.mul(w, ATTRS.weightDecay)));
  const vMasked = m ? tf.mul(vNew, m) : vNew;
  const wNew = tf.sub(w, tf.mul(vMasked, ATTRS.lr));
  return [m ? tf.mul(wNew, m) : wNew, vMasked];
}

test('native SnipMaskedSgdMomentum equals the composed masked update, with and without a mask', async () => {
  requireNative();
  const size = 70_000; // several parallel chunks
  const [wv, vv, gv] = [1, 2, 3].map((s) => randomData(size, s));
  const mv = Float32Array.from(randomData(size, 4), (r) => (r > 0.6 ? 1 : 0));
  for (const masked of [true, false]) {
    const outputs: Float32Array[][] = [];
    for (const backend of ['cpu', 'native']) {
      await tf.setBackend(backend);
      outputs.push(tf.tidy(() => {
        const [w, v, g, m] = [wv, vv, gv, mv].map((d) => tf.tensor1d(d));
        const inputs = masked ? { w, v, g, mask: m } : { w, v, g };
        const out = backend === 'cpu' ? reference(w!, v!, g!, masked ? m : undefined)
          : (tf.engine().runKernel(SNIP_MASKED_SGD_MOMENTUM, inputs as tf.NamedTensorMap, ATTRS) as unknown as tf.Tensor[]);
        return out.map((t) => t.dataSync() as Float32Array);
      }));
    }
    const [want, got] = outputs as [Float32Array[], Float32Array[]];
    for (let k = 0; k < 2; ++k) {
      for (let i = 0; i < size; ++i) {
        assert.ok(Math.abs(got[k]![i]! - want[k]![i]!) <= 1e-6 * (1 + Math.abs(want[k]![i]!)), `masked=${masked} output ${k}[${i}]`);
        if (masked && mv[i] === 0) assert.ok(got[k]![i] === 0, `pruned ${i} is ${got[k]![i]}`); // -0 counts as zero
      }
    }
  }
});

test('native SnipMaskedSgdMomentum updates a sole-owner sparse variable in place, bit-equal to the op-by-op update, and never touches shared values', async () => {
  requireNative();
  const size = 50_000;
  const mv = Float32Array.from(randomData(size, 4), (r) => (r > 0.97 ? 1 : 0)); // ~3% kept
  const [wv, vv, gv] = [1, 2, 3].map((s) => Float32Array.from(randomData(size, s), (x, i) => x * mv[i]!));
  await tf.setBackend('cpu');
  const zeroed = (t: tf.Tensor) => Array.from(t.dataSync(), (x) => x + 0); // -0 and 0 alike
  const want = tf.tidy(() => reference(...[wv, vv, gv, mv].map((d) => tf.tensor1d(d!)) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]).map(zeroed));
  await tf.setBackend('native');
  const [mask, g] = [mv, gv].map((d) => tf.tensor1d(d!));
  // Inputs the caller also holds: new arrays come back, the inputs stay as they were.
  const [w0, v0] = [wv, vv].map((d) => tf.tensor1d(d!));
  const full = tf.tidy(() => (tf.engine().runKernel(SNIP_MASKED_SGD_MOMENTUM, { w: w0!, v: v0!, g: g!, mask: mask! }, ATTRS) as unknown as tf.Tensor[]).map((t) => Array.from(t.dataSync())));
  assert.deepEqual(Array.from(w0!.dataSync()), Array.from(wv!), 'a shared input must not change');
  // Variables, as MaskedSgd holds them (values made by a native kernel, never read out): one
  // step with inPlace writes into them, at the kept positions.
  const owned = (d: Float32Array) => {
    const t = tf.tidy(() => tf.mul(tf.tensor1d(d), tf.onesLike(tf.tensor1d(d)))); // native Multiply: a pooled array
    const variable = tf.variable(t);
    t.dispose();
    return variable;
  };
  const w = owned(wv!), v = owned(vv!);
  const step = (inPlace: boolean) => tf.tidy(() => {
    const [nw, nv] = tf.engine().runKernel(SNIP_MASKED_SGD_MOMENTUM, { w, v, g: g!, mask: mask! }, { ...ATTRS, inPlace }) as unknown as tf.Tensor[];
    w.assign(nw!);
    v.assign(nv!);
  });
  const before = w.dataId;
  step(true);
  assert.equal(w.dataId, before, 'updated in place');
  assert.deepEqual(zeroed(w), want[0]); // reads the array out: it is no longer private
  assert.deepEqual(zeroed(v), want[1]);
  const snapshot = w.dataSync();
  const copy = Array.from(snapshot);
  step(true);
  assert.notEqual(w.dataId, before, 'values read out are never written again');
  assert.deepEqual(Array.from(snapshot), copy);
  const second = w.dataId;
  step(false);
  assert.notEqual(w.dataId, second, 'without inPlace, new values');
  // The addon's full pass rounds the same way (ISO C++: no fused multiply-adds).
  full.forEach((out, k) => assert.deepEqual(out.map((x) => x + 0), want[k]));
  tf.dispose([w, v, w0!, v0!, g!, mask!]);
});

test('native masked SGD takes the rate as a scalar tensor (as compiled steps give it), bit-equal to the number, in place and not', async () => {
  requireNative();
  await tf.setBackend('native');
  // A 3%-kept weight (the in-place path at kept positions), a dense one (full pass) and a bias (JS loop).
  const shapes: Record<string, number> = { sparse: 50_000, dense: 20_000, bias: 100 };
  const run = (rateAs: 'number' | 'tensor'): number[][] => {
    const vars = new Map(Object.entries(shapes).map(([k, n], i) => [k, tf.variable(tf.tensor1d(randomData(n, i + 1)))]));
    const mask = tf.tensor1d(Float32Array.from(randomData(shapes.sparse!, 9), (r) => (r > 0.97 ? 1 : 0)));
    vars.get('sparse')!.assign(tf.mul(vars.get('sparse')!, mask));
    const sgd = new MaskedSgd(vars, new Map([['sparse', mask]]), { momentum: 0.9, weightDecay: 5e-4 });
    for (let t = 0; t < 3; t++) {
      const grads = new Map(Object.entries(shapes).map(([k, n], i) => [k, tf.tensor1d(randomData(n, 10 * t + i + 20))]));
      const rate = 0.1 / (t + 1);
      tf.tidy(() => sgd.step(grads, rateAs === 'number' ? rate : tf.scalar(rate)));
      tf.dispose([...grads.values()]);
    }
    const out = [...vars.values(), ...sgd.velocity.values()].map((v) => Array.from(v.dataSync()));
    sgd.dispose();
    tf.dispose([...vars.values(), mask]);
    return out;
  };
  const byNumber = run('number'), byTensor = run('tensor');
  byNumber.forEach((want, i) => assert.deepEqual(byTensor[i], want, `tensor ${i}`));
});
