// One training step of a registry network on the current backend, read back for comparison across
// backends (the GPU bench's agreement checks and bench/agreement.ts).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

import { getModel } from '../../../src/models/registry.js';
import { MaskedSgd } from '../../../src/train/sgd.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { uniform } from './uniform.js';

export interface StepValues {
  labels: string[];
  values: Float32Array[];
  /**
   * Per value: the bias of a layer whose only consumer is a batch norm. Batch norm subtracts the
   * batch mean, so such a bias has no effect on the loss: its gradient (and so its update from a
   * zero start) is rounding noise, with relative differences of order 1 between any two backends.
   */
  noise: boolean[];
}

/** Whether variable `i` of `model` is a bias feeding a batch norm and nothing else. */
function feedsBatchNormOnly(model: ReturnType<ReturnType<typeof getModel>['build']>, i: number): boolean {
  const w = model.trainableWeights[i]!;
  if (!w.originalName.endsWith('/bias')) return false;
  const layer = model.layers.find((l) => l.trainableWeights.includes(w));
  const consumers = layer?.outboundNodes.map((n) => n.outboundLayer) ?? [];
  return consumers.length > 0 && consumers.every((l) => l.getClassName() === 'BatchNormalization');
}

/**
 * Loss, every gradient and every momentum-updated weight (seed 1, inputs from uniform(·, 3)),
 * with labels: 'loss', 'grad <i> <layer weight>', 'weight <i> <layer weight>' (variable names
 * get a new suffix in each model built, so the position and the layer's weight name identify them).
 */
export function trainingStepValues(name: string, shape: number[], batch: number): StepValues {
  // The values leave tidy() in a box: tidy walks the arrays it returns element by element, which
  // overflows a Set for VGG-D's 15M weights.
  const box: StepValues = { labels: [], values: [], noise: [] };
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
    const noise = vars.map((_, i) => feedsBatchNormOnly(model, i));
    box.noise = [false, ...noise, ...noise];
    sgd.dispose();
    model.dispose();
  });
  return box;
}

/** max|a − b| / max(max|b|, floor) (the difference itself where that is zero). */
export function relError(a: Float32Array, b: Float32Array, floor = 0): number {
  let diff = 0, scale = floor;
  a.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - b[i]!)); scale = Math.max(scale, Math.abs(b[i]!)); });
  return scale === 0 ? diff : diff / scale;
}

/** Per-tensor relative errors of `got` against `want`, worst first, with the noise biases apart. */
export function compareStepValues(got: StepValues, want: StepValues): { real: [string, number][]; noise: [string, number][] } {
  const rows = want.labels.map((label, i) => [label, relError(got.values[i]!, want.values[i]!), want.noise[i]] as const).sort((p, q) => q[1] - p[1]);
  return { real: rows.filter((r) => !r[2]).map(([l, e]) => [l, e]), noise: rows.filter((r) => r[2]).map(([l, e]) => [l, e]) };
}
