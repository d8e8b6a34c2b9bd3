// One training step as the benchmark measures it: forward, softmax cross-entropy, backward and
// an SGD-momentum update (lr 0.1, momentum 0.9), on a fixed random batch.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { makeRng } from '../util/rng.js';
import type { Workload } from './workloads.js';

export interface StepRunner {
  step(): void; // one synchronous training step (waits for the loss value)
  dispose(): void;
}

/** A fixed batch: uniform inputs in [0,1), one-hot labels, all from `seed`. */
export function fixedBatchImpl(w: Workload, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const rng = makeRng(seed);
  const xs = new Float32Array(w.batch * w.inputShape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < xs.length; i++) xs[i] = rng();
  const labels = Int32Array.from({ length: w.batch }, () => Math.floor(rng() * w.numClasses));
  return { x: tf.tensor(xs, [w.batch, ...w.inputShape]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), w.numClasses)) };
}

export function makeStepRunner(model: tfl.LayersModel, w: Workload, seed: number): StepRunner {
  const { x, y } = fixedBatchImpl(w, seed);
  const optimizer = tf.train.momentum(0.1, 0.9);
  const lossFn = () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
  return {
    step() {
      const loss = optimizer.minimize(lossFn, true);
      loss?.dataSync();
      loss?.dispose();
    },
    dispose() {
      tf.dispose([x, y]);
      optimizer.dispose();
    },
  };
}
