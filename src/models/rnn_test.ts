import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useCpu } from '../../test/helpers/cpu.js';
import { prunableWeights, trainableVariables } from '../masks/prunable.js';
import { prune } from '../prune.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { MaskedSgd } from '../train/sgd.js';
import { forwardFlops } from './flops.js';
import { getModel } from './registry.js';
import { recurrentParamCount, type CellType } from './rnn.js';

before(useCpu);

const seq = { inputShape: [28, 28], numClasses: 10 };

// name → [cell, units, total parameters, the paper's count]
const EXPECTED: Record<string, [CellType, number, number, number]> = {
  'lstm-s': ['lstm', 170, 137_030, 137_000],
  'lstm-b': ['lstm', 350, 534_110, 535_000],
  'gru-s': ['gru', 171, 104_320, 104_000],
  'gru-b': ['gru', 351, 403_660, 404_000],
};

test('recurrent nets: counts within 0.35% of the paper, widths the closest integer, last-state logits', () => {
  for (const [name, [cell, units, total, paper]] of Object.entries(EXPECTED)) {
    const spec = getModel(name);
    assert.deepEqual(spec.datasets, ['mnist-seq', 'synthetic-seq']);
    const model = spec.build({ init: 'vs-h', seed: 1, ...seq });
    assert.equal(model.countParams(), total, name);
    assert.equal(recurrentParamCount(cell, 28, units, 10), total, `${name} formula`);
    assert.ok(Math.abs(total - paper) / paper < 0.0035, `${name}: ${total} vs ${paper}`);
    const off = (u: number) => Math.abs(recurrentParamCount(cell, 28, u, 10) - paper);
    assert.ok(off(units) <= off(units - 1) && off(units) <= off(units + 1), `${name}: ${units} is not the closest width`);
    assert.match(spec.description, new RegExp(`${total.toLocaleString('en')} params`));
    model.dispose();
  }
});

test('prunable weights are the input and recurrent kernels of every gate plus the classifier', () => {
  const model = getModel('gru-s').build({ init: 'vs-h', seed: 1, ...seq });
  const p = prunableWeights(model);
  assert.deepEqual(p.map((w) => [w.key, w.role, w.variable.shape]), [
    ['gru/kernel', 'kernel', [28, 3 * 171]],
    ['gru/recurrent_kernel', 'recurrent-kernel', [171, 3 * 171]],
    ['fc/kernel', 'kernel', [171, 10]],
  ]);
  const lstm = getModel('lstm-s').build({ init: 'vs-h', seed: 1, ...seq });
  assert.deepEqual(prunableWeights(lstm).map((w) => w.variable.shape), [[28, 680], [170, 680], [170, 10]]);
  // All three count: 104,320 minus the 513 + 10 biases.
  assert.equal(p.reduce((a, w) => a + w.variable.size, 0), 104_320 - 513 - 10);
  // (An LSTM: the cpu backend's strided SplitV makes GRU-s steps slow, see rnn.ts.)
  const out = lstm.predict(tf.zeros([3, 28, 28])) as tf.Tensor;
  assert.deepEqual(out.shape, [3, 10]);
  // One multiply-add per kernel entry and time step: 2·28·(28 + 171)·513 + 2·1710.
  assert.equal(forwardFlops(model), 2 * 28 * (28 * 513 + 171 * 513) + 2 * 1710);
  tf.dispose(out);
  model.dispose();
  lstm.dispose();
  assert.throws(() => getModel('gru-s').build({ init: 'vs-h', seed: 1, inputShape: [28, 28, 1], numClasses: 10 }), /needs sequence inputs/);
});

test('recurrent kernels draw from the chosen initialisation, seeded', () => {
  const rms = (init: 'rn' | 'vs-h', seed: number) => {
    const m = getModel('lstm-s').build({ init, seed, ...seq });
    const v = Array.from(prunableWeights(m)[1].variable.dataSync());
    const out = { rms: Math.sqrt(v.reduce((a, x) => a + x * x, 0) / v.length), first: v[0] };
    m.dispose();
    return out;
  };
  assert.ok(Math.abs(rms('rn', 1).rms - 0.1) < 0.003, 'rn: std 0.1, not orthogonal');
  const he = rms('vs-h', 1).rms; // sqrt(2 / 170) ≈ 0.108, truncated at 2σ: ≈ 0.095
  assert.ok(he > 0.085 && he < 0.11, `He std ${he}`);
  assert.equal(rms('vs-h', 3).first, rms('vs-h', 3).first);
  assert.notEqual(rms('vs-h', 3).first, rms('vs-h', 4).first);
});

test('SNIP prunes a GRU globally, recurrent kernels included; masks stay exact through masked SGD', async () => {
  const seeded = (seed: number) => tfl.initializers.glorotNormal({ seed });
  const model = tfl.sequential({ layers: [
    tfl.layers.gru({ inputShape: [5, 4], units: 6, name: 'gru', recurrentActivation: 'sigmoid', kernelInitializer: seeded(1), recurrentInitializer: seeded(2) }),
    tfl.layers.dense({ units: 3, name: 'fc', kernelInitializer: seeded(3) }),
  ] });
  const x = tf.randomNormal([12, 5, 4], 0, 1, 'float32', 5);
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], 'int32');
  const { masks, kept, total, layers } = await prune(model, { x, y }, { sparsity: 0.7 });
  assert.deepEqual([...masks.keys()], ['gru/kernel', 'gru/recurrent_kernel', 'fc/kernel']);
  assert.equal(total, 4 * 18 + 6 * 18 + 6 * 3);
  assert.equal(kept, Math.round(0.3 * total)); // one global κ over all three
  const rk = layers.find((l) => l.name === 'gru/recurrent_kernel')!;
  assert.ok(rk.kept > 0 && rk.kept < rk.total, `recurrent kernel kept ${rk.kept} of ${rk.total}`);
  const vars = trainableVariables(model);
  const sgd = new MaskedSgd(vars, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const before = vars.get('gru/recurrent_kernel')!.dataSync().slice();
  for (let t = 0; t < 5; t++) {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), [...vars.values()]);
      sgd.stepNamed(grads, 0.1);
    });
  }
  for (const [key, mask] of masks) {
    const m = mask.dataSync();
    const w = vars.get(key)!.dataSync();
    const v = sgd.velocity.get(key)!.dataSync();
    m.forEach((keep, i) => {
      if (!keep) assert.ok(w[i] === 0 && v[i] === 0, `${key}[${i}]: weight ${w[i]}, momentum ${v[i]}`);
    });
  }
  const after = vars.get('gru/recurrent_kernel')!.dataSync();
  assert.ok(after.some((a, i) => a !== 0 && a !== before[i]), 'kept recurrent weights trained');
  sgd.dispose();
  tf.dispose([x, y, ...masks.values()]);
  model.dispose();
});
