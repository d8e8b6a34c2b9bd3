import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasets, getDataset } from './registry.js';

test('registry keys are the specs names and unknown names list the valid ones', () => {
  assert.deepEqual(Object.keys(datasets).sort(), ['cifar10', 'fashion-mnist', 'mnist', 'mnist-seq', 'synthetic', 'synthetic-seq', 'tiny-imagenet']);
  for (const [k, spec] of Object.entries(datasets)) {
    assert.equal(spec.name, k);
    assert.equal(getDataset(k), spec);
    assert.ok(spec.numClasses > 1 && spec.inputShape.length === (spec.name.endsWith('-seq') ? 2 : 3));
  }
  assert.throws(() => getDataset('imagenet'), /^Error: unknown dataset 'imagenet'; valid: mnist, mnist-seq, fashion-mnist, cifar10, tiny-imagenet, synthetic, synthetic-seq$/);
  assert.throws(() => getDataset('toString'), /unknown dataset/);
});
