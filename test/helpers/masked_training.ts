// A few masked-SGD training steps of a registry model on seeded random batches, eager or through
// compileStep, for the backends' step-compilation tests (native kernel replay, torch).
import * as tf from '@tensorflow/tfjs-core';

import { prunableWeights, trainableVariables } from '../../src/masks/prunable.js';
import { getModel } from '../../src/models/registry.js';
import { compileStep, eagerStep } from '../../src/train/compiled_step.js';
import { softmaxCrossEntropy } from '../../src/train/losses.js';
import { MaskedSgd } from '../../src/train/sgd.js';

export interface MaskedTrainingRun {
  losses: number[];
  weights: number[][]; // every weight of the model after the steps, batch-norm statistics included
  mode: string;
  leaked: number; // tensors gained over the last two steps
}

/**
 * `steps` steps of `model` (seed 1, 90% random masks, batch 4), the learning rate a step input as
 * in src/train/fit.ts and new every step (0.05/(t+1)), so one compiled step must take each new
 * rate; `compiled` runs them through compileStep.
 */
export function maskedTrainingRun(model: string, inputShape: number[], steps: number, compiled: boolean): MaskedTrainingRun {
  const m = getModel(model).build({ init: 'vs-h', seed: 1, inputShape, numClasses: 10 });
  const variables = trainableVariables(m);
  const masks = new Map(prunableWeights(m).map((p, i) => {
    const mask = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(p.variable.shape, 0, 1, 'float32', i + 1), 0.9), 'float32'));
    tf.tidy(() => p.variable.assign(tf.mul(p.variable, mask)));
    return [p.key, mask];
  }));
  const sgd = new MaskedSgd(variables, masks, { momentum: 0.9, weightDecay: 5e-4 });
  const fn = ([x, y, lr]: tf.Tensor[]) => {
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(m.apply(x!, { training: true }) as tf.Tensor, y as tf.Tensor1D), [...variables.values()]);
    sgd.stepNamed(grads, lr as tf.Scalar);
    return [value];
  };
  const step = compiled ? compileStep(fn, { updatesVariables: true }) : eagerStep(fn);
  const losses: number[] = [];
  let tensors = 0;
  for (let t = 0; t < steps; t++) {
    if (t === steps - 2) tensors = tf.memory().numTensors;
    const inputs = [tf.randomUniform([4, ...inputShape], 0, 1, 'float32', t + 1), tf.tensor1d([t % 10, 1, 2, 3], 'int32'), tf.scalar(0.05 / (t + 1))];
    const [loss] = step.run(inputs, {});
    losses.push(loss!.dataSync()[0]!);
    tf.dispose([loss!, ...inputs]);
  }
  const leaked = tf.memory().numTensors - tensors;
  const weights = m.weights.map((w) => Array.from(w.read().dataSync()));
  const mode = step.mode;
  step.dispose();
  sgd.dispose();
  tf.dispose([...masks.values()]);
  m.dispose();
  return { losses, weights, mode, leaked };
}
