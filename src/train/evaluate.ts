// Error rate and mean loss of a model on a split, in inference mode.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Split } from '../data/dataset.js';
import { compileStep } from './compiled_step.js';
import { correctCount, softmaxCrossEntropy } from './losses.js';

export interface Evaluation {
  error: number; // fraction misclassified
  loss: number;
  count: number;
}

export async function evaluate(
  model: LayersModel, split: Split, inputShape: number[], batchSize = 1000,
): Promise<Evaluation> {
  const size = inputShape.reduce((a, b) => a * b, 1);
  let correct = 0;
  let lossSum = 0;
  // One forward pass as a step the backend may compile (native: replayed kernel by kernel).
  const step = compileStep<{ n: number }>(([x, y], { n }) => {
    const logits = model.apply(x!, { training: false }) as tf.Tensor;
    return [correctCount(logits, y as tf.Tensor1D), tf.mul(softmaxCrossEntropy(logits, y as tf.Tensor1D), n)];
  });
  try {
    for (let start = 0; start < split.count; start += batchSize) {
      const n = Math.min(batchSize, split.count - start);
      const inputs = [tf.tensor(split.x.subarray(start * size, (start + n) * size), [n, ...inputShape]), tf.tensor1d(split.y.subarray(start, start + n), 'int32')];
      const [c, l] = step.run(inputs, { n });
      tf.dispose(inputs);
      correct += (await c!.data())[0]!;
      lossSum += (await l!.data())[0]!;
      tf.dispose([c!, l!]);
    }
  } finally {
    step.dispose();
  }
  return { error: 1 - correct / split.count, loss: lossSum / split.count, count: split.count };
}
