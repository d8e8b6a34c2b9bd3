// What the benchmark times, on a fixed random batch: a training step (forward, softmax
// cross-entropy of the integer labels as `snip train` computes it, backward, SGD momentum
// lr 0.1 / 0.9) or an inference pass (forward only).
// Pruned models train with MaskedSgd, the masked update of `snip train`.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { MaskSet } from '../masks/mask_set.js';
import { trainableVariables } from '../masks/prunable.js';
import { compileStep } from '../train/compiled_step.js';
import { softmaxCrossEntropy } from '../train/losses.js';
import { MaskedSgd } from '../train/sgd.js';
import { makeRng } from '../util/rng.js';
import type { Workload } from './workloads.js';

export interface StepRunner {
  step(): void; // one synchronous step (waits for its result)
  /** How the step runs (compiled_step.ts): 'eager', 'kernel-replay', 'eager (why)', … */
  readonly mode: string;
  dispose(): void;
}

/** A fixed batch of `batch` examples: uniform inputs in [0,1), int32 labels and their one-hot rows, all from `seed`. */
export function fixedBatchImpl(w: Workload, seed: number, batch = w.batch): { x: tf.Tensor; y: tf.Tensor; labels: tf.Tensor1D } {
  const rng = makeRng(seed);
  const xs = new Float32Array(batch * w.inputShape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < xs.length; i++) xs[i] = rng();
  const labels = tf.tensor1d(Int32Array.from({ length: batch }, () => Math.floor(rng() * w.numClasses)), 'int32');
  return { x: tf.tensor(xs, [batch, ...w.inputShape]), y: tf.tidy(() => tf.oneHot(labels, w.numClasses)), labels };
}

/**
 * A training step as `snip train` runs it: MaskedSgd (with `masks`, pruned weights and momentum
 * stay zero; without, plain SGD momentum), through compileStep (native replays it kernel by
 * kernel), reading the loss each step.
 */
export function makeStepRunner(model: tfl.LayersModel, w: Workload, seed: number, masks?: MaskSet): StepRunner {
  const { x, y, labels } = fixedBatchImpl(w, seed);
  const variables = trainableVariables(model);
  const sgd = new MaskedSgd(variables, masks ?? new Map(), { momentum: 0.9, weightDecay: 0 });
  const train = compileStep(([input, target]) => {
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(input!, { training: true }) as tf.Tensor, target as tf.Tensor1D), [...variables.values()]);
    sgd.stepNamed(grads, 0.1);
    return [value];
  }, { updatesVariables: true });
  return {
    step() {
      const [loss] = train.run([x, labels], {});
      loss!.dataSync();
      loss!.dispose();
    },
    get mode() { return train.mode; },
    dispose: () => {
      train.dispose();
      sgd.dispose();
      tf.dispose([x, y, labels]);
    },
  };
}

/** One forward pass over a fixed batch of `batch` examples. */
export function makeInferenceRunner(model: tfl.LayersModel, w: Workload, seed: number, batch: number): StepRunner {
  const { x, y, labels } = fixedBatchImpl(w, seed, batch);
  // As evaluation and `snip predict` run it: a step the backend may compile (native replays it).
  const forward = compileStep(([input]) => [model.apply(input!) as tf.Tensor]);
  return {
    step() {
      const [out] = forward.run([x], {});
      out!.dataSync();
      out!.dispose();
    },
    get mode() { return forward.mode; },
    dispose: () => {
      forward.dispose();
      tf.dispose([x, y, labels]);
    },
  };
}
