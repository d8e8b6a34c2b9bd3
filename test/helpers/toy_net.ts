// A 2-layer linear toy net (3 → 2 → 2, no bias) for hand-computed criterion scores.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Batch, ScoreContext } from '../../src/criteria/criterion.js';
import { fullMasks } from '../../src/masks/mask_set.js';
import { prunableWeights } from '../../src/masks/prunable.js';
import { softmaxCrossEntropy } from '../../src/train/losses.js';

export const W1 = [0.5, -1.0, 0.25, 2.0, -0.5, 1.5]; // [3, 2], row-major
export const W2 = [1.0, -2.0, 0.5, 0.75]; // [2, 2]
export const X = [[1, 2, -1], [0.5, -1, 3]];
export const Y = [1, 0];

export function toyModel(): tfl.LayersModel {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [3], units: 2, useBias: false, name: 'h' }),
      tfl.layers.dense({ units: 2, useBias: false, name: 'out' }),
    ],
  });
  m.setWeights([tf.tensor(W1, [3, 2]), tf.tensor(W2, [2, 2])]);
  return m;
}

/** A scoring context over the toy batch; `dispose()` frees the batch and the masks. */
export function toyContext(model: tfl.LayersModel, seed = 0): ScoreContext & { dispose(): void } {
  const weights = prunableWeights(model);
  const batch: Batch = { x: tf.tensor(X), y: tf.tensor1d(Y, 'int32') };
  const masks = fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape])));
  return {
    model, weights, masks, loss: softmaxCrossEntropy, seed,
    batches: async function* () { yield batch; },
    dispose: () => tf.dispose([batch.x, batch.y, ...masks.values()]),
  };
}

/** Flat scores of the toy net in weight order (h then out). */
export function flatScores(scores: Map<string, tf.Tensor>): number[] {
  return [...scores.get('h/kernel')!.dataSync(), ...scores.get('out/kernel')!.dataSync()];
}

/** Plain-JS (float64) gradient of the mean softmax cross-entropy of z = x·W1·W2 / T. */
export function toyGradient(w1: number[], w2: number[], temperature = 1): number[] {
  const g1 = w1.map(() => 0);
  const g2 = w2.map(() => 0);
  X.forEach((x, n) => {
    const h = [0, 1].map((j) => x.reduce((s, xi, i) => s + xi * w1[i * 2 + j], 0));
    const z = [0, 1].map((k) => h.reduce((s, hj, j) => s + hj * w2[j * 2 + k], 0) / temperature);
    const m = Math.max(...z);
    const e = z.map((zk) => Math.exp(zk - m));
    const dz = e.map((ek, k) => (ek / (e[0] + e[1]) - (k === Y[n] ? 1 : 0)) / temperature / X.length);
    const dh = [0, 1].map((j) => dz.reduce((s, d, k) => s + d * w2[j * 2 + k], 0));
    for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) g2[j * 2 + k] += h[j] * dz[k];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) g1[i * 2 + j] += x[i] * dh[j];
  });
  return [...g1, ...g2];
}
