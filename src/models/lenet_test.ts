import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useCpu } from '../../test/helpers/cpu.js';
import { prunableWeights } from '../masks/prunable.js';
import { INIT_NAMES } from './model_spec.js';
import { getModel, models } from './registry.js';

before(useCpu);

const mnist = { inputShape: [28, 28, 1], numClasses: 10 };

test('LeNet parameter counts match the paper (266,610 and 431,080)', () => {
  const expected: Record<string, [number, number]> = {
    'lenet-300-100': [266_610, 266_200],
    'lenet5-caffe': [431_080, 430_500],
  };
  for (const [name, [total, prunable]] of Object.entries(expected)) {
    const model = getModel(name).build({ init: 'vs-h', seed: 1, ...mnist });
    assert.equal(model.countParams(), total, name);
    const p = prunableWeights(model);
    assert.equal(p.reduce((a, w) => a + w.variable.size, 0), prunable, `${name} prunable`);
    assert.ok(p.every((w) => w.role === 'kernel'));
    const out = model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor;
    assert.deepEqual(out.shape, [2, 10]);
    tf.dispose(out);
    model.dispose();
  }
});

test('a model is a function of (init, seed); initialisations differ in scale', () => {
  const std = (name: string, init: (typeof INIT_NAMES)[number], seed: number) => {
    const m = getModel(name).build({ init, seed, ...mnist });
    const k = prunableWeights(m)[0].variable;
    const v = Array.from(k.dataSync());
    const s = Math.sqrt(v.reduce((a, x) => a + x * x, 0) / v.length);
    const first = v[0];
    m.dispose();
    return { s, first };
  };
  assert.equal(std('lenet-300-100', 'vs-h', 3).first, std('lenet-300-100', 'vs-h', 3).first);
  assert.notEqual(std('lenet-300-100', 'vs-h', 3).first, std('lenet-300-100', 'vs-h', 4).first);
  const he = std('lenet-300-100', 'vs-h', 1).s; // sqrt(2/784) ≈ 0.0505, truncated
  assert.ok(he > 0.035 && he < 0.055, `He std ${he}`);
  const rn = std('lenet-300-100', 'rn', 1).s;
  assert.ok(Math.abs(rn - 0.1) < 0.005, `rn std ${rn}`);
  const tn = std('lenet-300-100', 'tn', 1).s; // truncated at 2σ: ≈ 0.088
  assert.ok(tn > 0.08 && tn < 0.095, `tn std ${tn}`);
  assert.ok(Object.keys(models).length >= 2);
  assert.throws(() => getModel('nope'), /unknown model 'nope'; valid models: lenet-300-100/);
});
