// Checks shared by the native and torch tests of the fused training kernels
// (src/models/fused_batch_norm.ts, backends/fused_gradients.ts): the same computation routed
// through a backend's one-kernel form and through tfjs-core's composition.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';

import { fuseBatchNormTraining } from '../../src/models/fused_batch_norm.js';

export interface BatchNormOutcome {
  y: Float32Array;
  dx: Float32Array;
  dgamma: Float32Array;
  dbeta: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

/** One training-mode call of a batch norm (random γ, β, input and loss weights, seeded) and its gradients. */
export function batchNormTrainingCall(shape: number[], route: boolean): BatchNormOutcome {
  const channels = shape[shape.length - 1]!;
  const layer = tfl.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 });
  if (route) fuseBatchNormTraining(layer);
  layer.build(shape);
  tf.tidy(() => layer.setWeights([tf.randomUniform([channels], 0.5, 1.5, 'float32', 1), tf.randomUniform([channels], -0.5, 0.5, 'float32', 2),
    tf.zeros([channels]), tf.ones([channels])]));
  const x = tf.variable(tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 3), 2), 0.7)));
  const weights = tf.randomNormal(shape, 0, 1, 'float32', 4);
  let y: tf.Tensor | undefined;
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    y = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
    return tf.sum(tf.mul(y, weights));
  }, [x, gamma!, beta!]);
  const [movingMean, movingVariance] = layer.getWeights().slice(2);
  const out = {
    y: y!.dataSync() as Float32Array, dx: grads[x.name]!.dataSync() as Float32Array, dgamma: grads[gamma!.name]!.dataSync() as Float32Array,
    dbeta: grads[beta!.name]!.dataSync() as Float32Array, movingMean: movingMean!.dataSync() as Float32Array, movingVariance: movingVariance!.dataSync() as Float32Array,
  };
  tf.dispose([x, weights, y!, value, ...Object.values(grads), movingMean!, movingVariance!, ...layer.weights.map((w) => w.read())]);
  return out;
}

/** Every value within 2e-5 of the largest magnitude of its tensor (at least 1). */
export function assertBatchNormClose(got: BatchNormOutcome, want: BatchNormOutcome, what: string): void {
  for (const key of Object.keys(want) as (keyof BatchNormOutcome)[]) {
    const scale = want[key].reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    want[key].forEach((w, i) => assert.ok(Math.abs(got[key][i]! - w) <= 2e-5 * scale, `${what}: ${key}[${i}] ${got[key][i]} vs ${w}`));
  }
}

/**
 * On `backend` (which must register both kernels): the routed batch norm runs them and no stock
 * batch-norm kernel, matches tfjs-core's composition on cpu, and leaves no more tensors behind
 * than the stock layer does on the same backend.
 */
export async function checkRoutedBatchNorm(backend: string, shapes: number[][], kernels: [string, string]): Promise<void> {
  for (const shape of shapes) {
    await tf.setBackend('cpu');
    const stock = batchNormTrainingCall(shape, false);
    assertBatchNormClose(batchNormTrainingCall(shape, true), stock, `cpu (no fused kernels: the stock call), ${shape}`);
    await tf.setBackend(backend);
    const left = (route: boolean): [BatchNormOutcome, number] => {
      const before = tf.memory().numTensors;
      const outcome = batchNormTrainingCall(shape, route);
      return [outcome, tf.memory().numTensors - before];
    };
    const [routed, routedLeft] = left(true);
    const [stockHere, stockLeft] = left(false);
    assert.equal(routedLeft, stockLeft, 'the routed call leaves no more tensors behind than the stock one');
    const { kernelNames } = await tf.profile(() => { batchNormTrainingCall(shape, true); });
    assert.ok(kernels.every((k) => kernelNames.includes(k)), `${backend} ran ${kernelNames.join(' ')}`);
    assert.ok(!kernelNames.includes('FusedBatchNorm') && !kernelNames.includes('Square'), 'no stock batch-norm kernels');
    assertBatchNormClose(routed, stock, `${backend}, routed, ${shape}`);
    assertBatchNormClose(stockHere, stock, `${backend}, stock, ${shape}`);
  }
}

/** Relu's gradient on `backend` equals tfjs-core's on cpu (zeros, negatives, positives) and runs as `kernel` alone. */
export async function checkFusedReluGrad(backend: string, kernel: string): Promise<void> {
  const run = async (): Promise<{ dx: number[]; kernels: string[] }> => {
    let dx: number[] = [];
    const { kernelNames } = await tf.profile(() => {
      tf.tidy(() => {
        const x = tf.tensor2d([[-2, 0, 3, -0.5], [1e-7, -1e-7, 4, 0]]);
        const dy = tf.tensor2d([[1, 2, -3, 4], [-5, 6, 7, -8]]);
        dx = Array.from(tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy).dataSync(), (v) => v + 0); // -0 as 0
      });
    });
    return { dx, kernels: kernelNames };
  };
  await tf.setBackend('cpu');
  const cpu = await run();
  await tf.setBackend(backend);
  const fused = await run();
  assert.deepEqual(cpu.dx, [0, 0, -3, 0, -5, 0, 7, 0]);
  assert.deepEqual(fused.dx, cpu.dx);
  assert.ok(fused.kernels.includes(kernel) && !fused.kernels.includes('Step'), `${backend} ran ${fused.kernels.join(' ')}`);
  assert.ok(!cpu.kernels.includes(kernel), 'the cpu backend keeps tfjs-core\'s gradient');
}
