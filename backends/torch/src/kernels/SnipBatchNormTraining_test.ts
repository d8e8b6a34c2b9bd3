import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import * as fused from '../../../../src/models/fused_batch_norm.js';
import { registerTorchBackend } from '../index.js';
import { torchSkipReason } from '../test_util.js';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './SnipBatchNormTraining.js';

const skip = torchSkipReason();

before(() => {
  if (!skip) registerTorchBackend({ device: 'cpu' });
});

test('the kernel names the fused batch norm looks for are the ones the torch backend registers', () => {
  assert.equal(fused.BATCH_NORM_TRAINING, BATCH_NORM_TRAINING);
  assert.equal(fused.BATCH_NORM_TRAINING_GRAD, BATCH_NORM_TRAINING_GRAD);
});

interface Outcome { y: Float32Array; dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array; movingMean: Float32Array; movingVariance: Float32Array }

/** One training-mode call of a batch norm (random γ, β, input, and loss weights) and its gradients. */
function trainingCall(shape: number[], route: boolean): Outcome {
  const channels = shape[shape.length - 1]!;
  const layer = tfl.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 });
  if (route) fused.fuseBatchNormTraining(layer);
  layer.build(shape);
  tf.tidy(() => layer.setWeights([tf.randomUniform([channels], 0.5, 1.5, 'float32', 1), tf.randomUniform([channels], -0.5, 0.5, 'float32', 2),
    tf.zeros([channels]), tf.ones([channels])]));
  const x = tf.variable(tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 3), 2), 0.7));
  const weights = tf.randomNormal(shape, 0, 1, 'float32', 4);
  let y: tf.Tensor | undefined;
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => {
    y = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
    return tf.sum(tf.mul(y, weights));
  }, [x, gamma!, beta!]);
  const [movingMean, movingVariance] = layer.getWeights().slice(2);
  const out = {
    y: y!.dataSync() as Float32Array, dx: grads[x.name]!.dataSync() as Float32Array, dgamma: grads[gamma!.name]!.dataSync() as Float32Array,
    dbeta: grads[beta!.name]!.dataSync() as Float32Array, movingMean: movingMean!.dataSync() as Float32Array, movingVariance: movingVariance!.dataSync() as Float32Array,
  };
  tf.dispose([x, weights, y!, ...Object.values(grads), movingMean!, movingVariance!, ...layer.weights.map((w) => w.read())]);
  return out;
}

function assertClose(got: Outcome, want: Outcome, what: string): void {
  for (const key of Object.keys(want) as (keyof Outcome)[]) {
    const scale = Math.max(1, ...Array.from(want[key], Math.abs));
    want[key].forEach((w, i) => assert.ok(Math.abs(got[key][i]! - w) <= 2e-5 * scale, `${what}: ${key}[${i}] ${got[key][i]} vs ${w}`));
  }
}

test('a routed batch norm (one kernel each way) gives the stock layer\'s outputs, gradients and moving averages', { skip }, async () => {
  for (const shape of [[4, 5, 6, 3], [16, 7], [2, 3, 3, 64]]) {
    await tf.setBackend('cpu');
    const stock = trainingCall(shape, false);
    assert.equal(tf.getKernel(BATCH_NORM_TRAINING, 'cpu'), undefined, 'the cpu backend has no fused kernel: routing falls back to the stock call');
    assertClose(trainingCall(shape, true), stock, `cpu, routed, ${shape}`);
    await tf.setBackend('torch');
    const left = (route: boolean): [Outcome, number] => {
      const before = tf.memory().numTensors;
      const outcome = trainingCall(shape, route);
      return [outcome, tf.memory().numTensors - before];
    };
    const [routed, routedLeft] = left(true);
    const { kernelNames } = await tf.profile(() => { trainingCall(shape, true); });
    assert.ok(kernelNames.includes(BATCH_NORM_TRAINING) && kernelNames.includes(BATCH_NORM_TRAINING_GRAD), `torch ran ${kernelNames.join(' ')}`);
    assert.ok(!kernelNames.includes('FusedBatchNorm') && !kernelNames.includes('Square'), 'no stock batch-norm kernels');
    const [stockTorch, stockLeft] = left(false);
    assert.equal(routedLeft, stockLeft, 'the routed call leaves no more tensors behind than the stock one');
    assertClose(routed, stock, `torch, routed, ${shape}`);
    assertClose(stockTorch, stock, `torch, stock, ${shape}`);
  }
});
