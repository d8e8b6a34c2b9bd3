// One training step of a registry network on the current backend, read back for comparison across
// backends (the GPU bench's agreement checks and bench/agreement.ts).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

import { getModel } from '../../../src/models/registry.js';
import { MaskedSgd } from '../../../src/train/sgd.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { uniform } from './uniform.js';

/**
 * Loss, every gradient and every momentum-updated weight (seed 1, inputs from uniform(·, 3)),
 * with labels: 'loss', 'grad <i> <layer weight>', 'weight <i> <layer weight>' (variable names
 * get a new suffix in each model built, so the position and the layer's weight name identify them).
 */
export function trainingStepValues(name: string, shape: number[], batch: number): { labels: string[]; values: Float32Array[] } {
  // The values leave tidy() in a box: tidy walks the arrays it returns element by element, which
  // overflows a Set for VGG-D's 15M weights.
  const box: { labels: string[]; values: Float32Array[] } = { labels: [], values: [] };
  tf.tidy(() => {
    const model = getModel(name).build({ init: 'vs-h', seed: 1, inputShape: shape, numClasses: 10 });
    const x = tf.tensor(uniform(batch * shape.reduce((a, b) => a * b), 3), [batch, ...shape]);
    const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7) % 10), 'int32');
    const vars = [...model.trainableWeights.map((w) => w.read() as tf.Variable)];
    const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y), vars);
    const sgd = new MaskedSgd(new Map(vars.map((v) => [v.name, v])), new Map(), { momentum: 0.9, weightDecay: 5e-4 });
    sgd.stepNamed(grads, 0.1);
    const key = (i: number) => `${i} ${model.trainableWeights[i]!.originalName}`;
    box.labels = ['loss', ...vars.map((_, i) => `grad ${key(i)}`), ...vars.map((_, i) => `weight ${key(i)}`)];
    box.values = [value, ...vars.map((v) => grads[v.name]!), ...vars].map((t) => t.dataSync() as Float32Array);
    sgd.dispose();
    model.dispose();
  });
  return box;
}
