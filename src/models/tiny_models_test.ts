// The CIFAR networks at Tiny-ImageNet's 64x64x3 and 200 classes: a larger first stride keeps
// every later map (and so every conv's weight count) as on CIFAR; only the classifier grows.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../backends/registry.js';
import { modelRows } from '../cli/commands/models.js';
import { prunableWeights } from '../masks/prunable.js';
import { getModel } from './registry.js';

before(async () => { await selectBackend('wasm', () => {}); });

// [prunable, total] = the CIFAR-10 counts (cifar_models_test.ts) + 190 more classes on the
// classifier: 190 x its input width (AlexNet-s 1024, AlexNet-b 2048, VGG 512, WRN 64k) + 190 biases.
const COUNTS: Record<string, [number, number]> = {
  'alexnet-s': [5_066_784 + 190 * 1024, 5_083_914 + 190 * 1025],
  'alexnet-b': [8_484_896 + 190 * 2048, 8_512_266 + 190 * 2049],
  'vgg-c': [10_521_280 + 190 * 512, 10_547_530 + 190 * 513],
  'vgg-d': [15_239_872 + 190 * 512, 15_266_122 + 190 * 513],
  'vgg-like': [14_977_728 + 190 * 512, 15_001_418 + 190 * 513],
  'wrn-16-8': [10_954_160 + 190 * 512, 10_968_570 + 190 * 513],
  'wrn-16-10': [17_107_632 + 190 * 640, 17_125_626 + 190 * 641],
  'wrn-22-8': [17_147_312 + 190 * 512, 17_168_890 + 190 * 513],
};
// The first convolution and its stride on 64x64 (on 32x32: AlexNet 2, the others 1).
const STEM: Record<string, [string, number]> = {
  'alexnet-s': ['conv1', 4], 'alexnet-b': ['conv1', 4],
  'vgg-c': ['conv1_1', 2], 'vgg-d': ['conv1_1', 2], 'vgg-like': ['conv1_1', 2],
  'wrn-16-8': ['conv0', 2], 'wrn-16-10': ['conv0', 2], 'wrn-22-8': ['conv0', 2],
};

const build = (name: string, side: number, numClasses: number): LayersModel =>
  getModel(name).build({ init: 'vs-h', seed: 1, inputShape: [side, side, 3], numClasses });
const strideOf = (m: LayersModel, layer: string) => (m.getLayer(layer).getConfig() as { strides: number[] }).strides;
const sizeOf = (m: LayersModel) => prunableWeights(m).reduce((a, w) => a + w.variable.size, 0);

for (const [name, [prunable, total]] of Object.entries(COUNTS)) {
  test(`${name} on 64×64×3: ${prunable.toLocaleString('en')} prunable weights, logits [batch, 200]`, () => {
    assert.ok(getModel(name).datasets.includes('tiny-imagenet'));
    const m = build(name, 64, 200);
    try {
      assert.equal(sizeOf(m), prunable);
      assert.equal(m.countParams(), total);
      const [stem, stride] = STEM[name];
      assert.deepEqual(strideOf(m, stem), [stride, stride]);
      assert.deepEqual(m.outputs[0].shape, [null, 200]);
      // AlexNet and VGG end at a 1x1 map, WRN at CIFAR's 8x8 before its global pool
      const last = name.startsWith('wrn') ? m.getLayer('bn_final') : m.getLayer('flatten');
      assert.deepEqual((last.input as SymbolicTensor).shape.slice(1, 3), name.startsWith('wrn') ? [8, 8] : [1, 1]);
    } finally {
      m.dispose();
    }
  });
}

test('the CIFAR build is unchanged: first strides 2 (AlexNet) and 1 (VGG, WRN) on 32×32', () => {
  for (const name of ['alexnet-s', 'vgg-d', 'wrn-16-8']) {
    const m = build(name, 32, 10);
    const [stem, stride] = STEM[name];
    assert.deepEqual(strideOf(m, stem), [stride / 2, stride / 2]);
    m.dispose();
  }
});

test('VGG-D on 64×64 runs forward to [batch, 200]', () => {
  const m = build('vgg-d', 64, 200);
  const out = tf.tidy(() => m.apply(tf.zeros([2, 64, 64, 3]), { training: false }) as tf.Tensor);
  assert.deepEqual(out.shape, [2, 200]);
  tf.dispose([out]);
  m.dispose();
});

test('`snip models --dataset tiny-imagenet` lists the CIFAR networks built for 64×64 and 200 classes', () => {
  const rows = modelRows('tiny-imagenet');
  assert.deepEqual(rows.map((r) => r.name), Object.keys(COUNTS));
  for (const r of rows) assert.deepEqual([r.dataset, r.prunable, r.total], ['tiny-imagenet', ...COUNTS[r.name]]);
  assert.throws(() => modelRows('imagenet'), /^Error: unknown dataset 'imagenet'; valid: /);
});
