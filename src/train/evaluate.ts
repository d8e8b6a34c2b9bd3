// Error rate and mean loss of a model on a split, in inference mode.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Split } from '../data/dataset.js';
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
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const [c, l] = tf.tidy(() => {
      const x = tf.tensor(split.x.subarray(start * size, (start + n) * size), [n, ...inputShape]);
      const y = tf.tensor1d(split.y.subarray(start, start + n), 'int32');
      const logits = model.apply(x, { training: false }) as tf.Tensor;
      return [correctCount(logits, y), tf.mul(softmaxCrossEntropy(logits, y), n)];
    });
    correct += (await c.data())[0];
    lossSum += (await l.data())[0];
    c.dispose();
    l.dispose();
  }
  return { error: 1 - correct / split.count, loss: lossSum / split.count, count: split.count };
}
