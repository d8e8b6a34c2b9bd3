import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { registerTorchBackend } from '../index.js';
import { torchSkipReason } from '../test_util.js';
import { FUSED_BATCH_NORM_GRAD } from '../../../fused_gradients.js';

const skip = torchSkipReason();

before(() => {
  if (!skip) registerTorchBackend({ device: 'cpu' });
});

/** Kernel names the engine runs during `f`. */
function kernelsDuring(f: () => void): string[] {
  const eng = tf.engine() as unknown as { runKernelFunc(p: { kernelName?: string }): unknown };
  const original = eng.runKernelFunc;
  const names: string[] = [];
  eng.runKernelFunc = function (this: unknown, p) {
    names.push(p.kernelName ?? 'customGrad');
    return original.call(this, p);
  };
  try {
    f();
  } finally {
    eng.runKernelFunc = original;
  }
  return names;
}

/** Loss and the gradients of a training-mode batch norm (tfjs-layers) w.r.t. input, gamma and beta. */
function bnGrads(shape: number[]): { values: Float32Array[]; kernels: string[] } {
  let values: Float32Array[] = [];
  const kernels = kernelsDuring(() => tf.tidy(() => {
    const layer = tfl.layers.batchNormalization({ axis: -1, epsilon: 1e-5, gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 2 }) });
    const x = tf.randomNormal(shape, 1, 2, 'float32', 3);
    const w = tf.randomNormal(shape, 0, 1, 'float32', 4);
    layer.build(x.shape);
    const [gamma, beta] = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar, [gamma!, beta!]);
    const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(layer.apply(xx, { training: true }) as tf.Tensor, w)))(x);
    values = [value, grads[gamma!.name]!, grads[beta!.name]!, dx].map((t) => t.dataSync() as Float32Array);
    for (const v of layer.weights) v.dispose();
  }));
  return { values, kernels };
}

for (const shape of [[4, 3, 3, 5], [6, 7]]) {
  test(`batch-norm gradients (input ${shape}) match tfjs-core's on cpu, in one fused kernel per backward pass`, { skip }, async () => {
    await tf.setBackend('cpu');
    const want = bnGrads(shape);
    await tf.setBackend('torch');
    const got = bnGrads(shape);
    got.values.forEach((g, k) => {
      const scale = Math.max(...want.values[k]!.map(Math.abs), 1e-3);
      g.forEach((v, i) => assert.ok(Math.abs(v - want.values[k]![i]!) <= 1e-4 * scale, `output ${k}[${i}]: ${v} vs ${want.values[k]![i]}`));
    });
    assert.equal(got.kernels.filter((k) => k === FUSED_BATCH_NORM_GRAD).length, 2, 'one fused gradient per backward pass');
    assert.equal(want.kernels.filter((k) => k === FUSED_BATCH_NORM_GRAD).length, 0, 'cpu keeps tfjs-core\'s gradient');
    assert.ok(got.kernels.length + 2 * 12 < want.kernels.length, `kernels: torch ${got.kernels.length}, cpu ${want.kernels.length}`);
  });
}
