// The paper's CIFAR-10 networks (Table 2): exact parameter counts, output shapes, SNIP at scale.
// Runs on wasm: tfjs-backend-cpu takes minutes for one VGG-D gradient.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../backends/registry.js';
import { keptCount } from '../masks/threshold.js';
import { prunableWeights } from '../masks/prunable.js';
import { prune } from '../prune.js';
import { getModel } from './registry.js';

before(async () => { await selectBackend('wasm', () => {}); });

// [prunable (the paper's Table 2), total (prunable + biases + BN γ, β, moving mean, moving variance)]
const COUNTS: Record<string, [number, number]> = {
  'alexnet-s': [5_066_784, 5_083_914],
  'alexnet-b': [8_484_896, 8_512_266],
  'vgg-c': [10_521_280, 10_547_530],
  'vgg-d': [15_239_872, 15_266_122],
  'vgg-like': [14_977_728, 15_001_418],
  'wrn-16-8': [10_954_160, 10_968_570],
  'wrn-16-10': [17_107_632, 17_125_626],
  'wrn-22-8': [17_147_312, 17_168_890],
};

// Each network is built once (a VGG takes seconds to initialise) and disposed at the end.
const built = new Map<string, LayersModel>();
function model(name: string): LayersModel {
  let m = built.get(name);
  if (m === undefined) {
    m = getModel(name).build({ init: 'vs-h', seed: 1, inputShape: [32, 32, 3], numClasses: 10 });
    built.set(name, m);
  }
  return m;
}
after(() => { for (const m of built.values()) m.dispose(); });

const sizeOf = (m: LayersModel) => prunableWeights(m).reduce((a, w) => a + w.variable.size, 0);

for (const [name, [prunable, total]] of Object.entries(COUNTS)) {
  test(`${name}: ${prunable.toLocaleString('en')} prunable weights, logits [batch, 10] on 32×32×3`, () => {
    const m = model(name);
    assert.equal(getModel(name).datasets[0], 'cifar10');
    assert.equal(sizeOf(m), prunable);
    assert.equal(m.countParams(), total);
    const weights = prunableWeights(m);
    assert.ok(weights.every((w) => w.role === 'kernel'));
    assert.equal(new Set(m.layers.map((l) => l.name)).size, m.layers.length, 'layer names are unique');
    const out = tf.tidy(() => m.apply(tf.zeros([2, 32, 32, 3]), { training: false }) as tf.Tensor);
    assert.deepEqual(out.shape, [2, 10]);
    out.dispose();
  });
}

test('layer names are stable weight keys', () => {
  const keys = (name: string) => prunableWeights(model(name)).map((w) => w.key);
  assert.deepEqual(keys('vgg-d').slice(0, 2), ['conv1_1/kernel', 'conv1_2/kernel']);
  assert.deepEqual(keys('vgg-d').slice(-3), ['fc1/kernel', 'fc2/kernel', 'fc3/kernel']);
  assert.deepEqual(keys('vgg-like').slice(-2), ['fc1/kernel', 'fc2/kernel']);
  assert.deepEqual(keys('alexnet-s').slice(-4), ['conv5/kernel', 'fc1/kernel', 'fc2/kernel', 'fc3/kernel']);
  // WRN: stem, then per block conv1, conv2 and (first block of each group) the 1×1 projection.
  assert.deepEqual(keys('wrn-16-8').slice(0, 6),
    ['conv0/kernel', 'g1b1_conv1/kernel', 'g1b1_conv2/kernel', 'g1b1_shortcut/kernel', 'g1b2_conv1/kernel', 'g1b2_conv2/kernel']);
  assert.equal(keys('wrn-16-8').filter((k) => k.includes('shortcut')).length, 3);
  assert.equal(keys('wrn-22-8').length, 1 + 3 * 3 * 2 + 3 + 1);
});

test('VGG-C differs from VGG-D only in 1×1 third convs of blocks 3–5', () => {
  const shapes = (name: string) => prunableWeights(model(name)).map((w) => `${w.key} ${w.variable.shape.join('x')}`);
  const diff = shapes('vgg-c').filter((s, i) => s !== shapes('vgg-d')[i]);
  assert.deepEqual(diff, ['conv3_3/kernel 1x1x256x256', 'conv4_3/kernel 1x1x512x512', 'conv5_3/kernel 1x1x512x512']);
});

// SNIP on a random batch (scoring runs in training mode: batch statistics in BN).
for (const [name, n] of [['vgg-d', 8], ['wrn-16-8', 4]] as const) {
  test(`SNIP on ${name} (batch ${n}) keeps exactly κ, reported per layer`, async () => {
    const m = model(name);
    const x = tf.randomNormal([n, 32, 32, 3], 0, 1, 'float32', 7);
    const y = tf.tensor1d(Array.from({ length: n }, (_, i) => i % 10), 'int32');
    const r = await prune(m, { x, y }, { sparsity: 0.95, apply: false });
    tf.dispose([x, y]);
    const weights = prunableWeights(m);
    assert.equal(r.total, COUNTS[name][0]);
    assert.equal(r.kept, keptCount(r.total, 0.95));
    assert.deepEqual(r.layers.map((l) => l.name), weights.map((w) => w.key));
    assert.equal(r.layers.reduce((a, l) => a + l.kept, 0), r.kept);
    assert.ok(r.layers.every((l) => l.kept <= l.total && l.total === weights.find((w) => w.key === l.name)!.variable.size));
    assert.ok(r.layers.some((l) => l.kept / l.total < 0.05) && r.layers.some((l) => l.kept / l.total > 0.05), 'pruning is not uniform');
    for (const mask of r.masks.values()) mask.dispose();
  });
}
