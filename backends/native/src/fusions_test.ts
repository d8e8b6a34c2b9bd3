// Convolution + 2×2 max pool fused by the step replay (fusions.ts): bit-equal to the two kernels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';

import { getModel } from '../../../src/models/registry.js';
import { compileStep } from '../../../src/train/compiled_step.js';
import { POOL_2X2_ATTR } from './kernel_utils.js';
import { countKernelCalls, input, randomData, requireNative } from './test_util.js';

requireNative();
await tf.setBackend('native');

const run = (name: string, inputs: tf.NamedTensorMap, attrs: object) => tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid');
const same = (got: tf.Tensor, want: tf.Tensor, what: string) => {
  assert.deepEqual(got.shape, want.shape, what);
  assert.deepEqual(Array.from(got.dataSync()), Array.from(want.dataSync()), what);
};

type Conv = [what: string, x: number[], f: number, o: number, s: number, pad: 'same' | 'valid'];
const convs: Conv[] = [
  ['direct first layer, odd output', [3, 29, 27, 1], 5, 20, 1, 'valid'],
  ['direct, 3 channels', [2, 12, 12, 3], 3, 8, 1, 'valid'],
  ['padded (GEMM or Winograd path)', [2, 9, 11, 16], 3, 8, 1, 'same'],
];

test('FusedConv2D and Conv2D with the pool attr equal conv then maxPool bit for bit', () => {
  for (const [what, xs, f, o, s, pad] of convs) {
    tf.tidy(() => {
      const x = tf.tensor(randomData(xs.reduce((a, b) => a * b), 1), xs), w = tf.tensor(randomData(f * f * xs[3]! * o, 2), [f, f, xs[3]!, o]);
      const b = tf.tensor1d(randomData(o, 3));
      for (const activation of ['linear', 'relu'] as const) {
        const attrs = { strides: [s, s], pad, dataFormat: 'NHWC', dilations: [1, 1], activation };
        same(run('FusedConv2D', { x, filter: w, bias: b }, { ...attrs, [POOL_2X2_ATTR]: true }),
          pool(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: s, pad, bias: b, activation })), `${what} ${activation}`);
      }
      same(run('Conv2D', { x, filter: w }, { strides: [s, s], pad, dataFormat: 'NHWC', dilations: [1, 1], [POOL_2X2_ATTR]: true }),
        pool(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)), `${what} Conv2D`);
    });
  }
});

test('SnipMaskedConv2D with the pool attr equals the masked conv then maxPool bit for bit', () => {
  const cases: Conv[] = [
    ['planar direct, width not a multiple of 8', [2, 13, 21, 4], 3, 6, 1, 'same'],
    ['planar direct, LeNet-5 conv2', [3, 12, 12, 20], 5, 50, 1, 'valid'],
    ['strided (patch path)', [2, 12, 12, 3], 3, 5, 2, 'same'],
  ];
  for (const [what, xs, f, o, s, pad] of cases) {
    tf.tidy(() => {
      const [x, w, m, b] = [input(xs, 1), input([f, f, xs[3]!, o], 2), input([f, f, xs[3]!, o], 3), input([o], 4)].map((i) => tf.tensor(i.data, i.shape));
      const mask = tf.cast(tf.greater(m!, 0.3), 'float32');
      const attrs = { strides: [s, s], pad, dilations: [1, 1], activation: 'relu' };
      same(run('SnipMaskedConv2D', { x: x!, w: w!, mask, bias: b! }, { ...attrs, [POOL_2X2_ATTR]: true }),
        pool(run('SnipMaskedConv2D', { x: x!, w: w!, mask, bias: b! }, attrs)), what);
    });
  }
});

test('a replayed LeNet-5 forward pass runs no MaxPool kernel (both pools fused); training keeps them', () => {
  const model = getModel('lenet5-caffe').build({ init: 'vs-h', seed: 1, inputShape: [28, 28, 1], numClasses: 10 });
  const pools = countKernelCalls('MaxPool');
  try {
    const xs = [1, 2, 3].map((seed) => tf.tensor4d(randomData(4 * 784, seed), [4, 28, 28, 1]));
    const infer = compileStep(([x]) => [model.apply(x!) as tf.Tensor]);
    for (const x of xs.slice(0, 2)) tf.dispose(infer.run([x], {})); // eager, then traced
    pools.calls = 0;
    const [got] = infer.run([xs[2]!], {});
    assert.equal(infer.mode, 'kernel-replay');
    assert.equal(pools.calls, 0);
    same(got!, tf.tidy(() => model.apply(xs[2]!) as tf.Tensor), 'replayed output');
    const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
    const grads = compileStep(([x]) => [tf.addN(Object.values(tf.variableGrads(() => tf.sum(model.apply(x!) as tf.Tensor), vars).grads).map((g) => tf.sum(g)))]);
    for (const x of xs) tf.dispose(grads.run([x], {}));
    assert.equal(grads.mode, 'kernel-replay');
    assert.ok(pools.calls >= 2 * 3, 'the pools run when their input is kept for the backward pass');
    tf.dispose([got!, ...xs]);
    infer.dispose();
    grads.dispose();
  } finally {
    pools.restore();
    model.dispose();
  }
});
