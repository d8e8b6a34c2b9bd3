// SnipMaskedSgdMomentum against the unfused formula (src/train/sgd.ts MaskedSgd) on cpu.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';

import { randomData, requireNative } from './test_util.js';
import { SNIP_MASKED_SGD_MOMENTUM } from './kernels/SnipMaskedSgdMomentum.js';

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
