import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients, as every caller of the backend has
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { RELU_GRAD } from './fused_gradients.js';
import { registerTorchBackend } from './index.js';
import { torchSkipReason } from './test_util.js';

const skip = torchSkipReason();

before(() => {
  if (!skip) registerTorchBackend({ device: 'cpu' });
});

/** Relu's gradient for an input with zeros, negatives and positives, and the kernels that ran. */
async function reluGrad(): Promise<{ dx: number[]; kernels: string[] }> {
  let dx: number[] = [];
  const { kernelNames } = await tf.profile(() => {
    tf.tidy(() => {
      const x = tf.tensor2d([[-2, 0, 3, -0.5], [1e-7, -1e-7, 4, 0]]);
      const dy = tf.tensor2d([[1, 2, -3, 4], [-5, 6, 7, -8]]);
      dx = Array.from(tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy).dataSync(), (v) => v + 0); // -0 as 0
    });
  });
  return { dx, kernels: kernelNames };
}

test('Relu\'s gradient runs as one torch kernel and equals tfjs-core\'s on cpu', { skip }, async () => {
  await tf.setBackend('cpu');
  const cpu = await reluGrad();
  await tf.setBackend('torch');
  const torch = await reluGrad();
  assert.deepEqual(torch.dx, cpu.dx);
  assert.deepEqual(cpu.dx, [0, 0, -3, 0, -5, 0, 7, 0]);
  assert.ok(torch.kernels.includes(RELU_GRAD) && !torch.kernels.includes('Step'), `torch ran ${torch.kernels.join(' ')}`);
  assert.ok(!cpu.kernels.includes(RELU_GRAD), 'the cpu backend keeps tfjs-core\'s gradient');
});
