// Magnitude pruning at initialisation: keep the largest |w| (Han et al. 2015's criterion, used
// at initialisation as a baseline by Synaptic-Flow).
import * as tf from '@tensorflow/tfjs-core';
import type { Criterion, ScoreContext, ScoreSet } from './criterion.js';

export const magnitude: Criterion = {
  name: 'magnitude',
  description: 'weight magnitude |w| at initialisation',
  async score(ctx: ScoreContext): Promise<ScoreSet> {
    return new Map(ctx.weights.map((w) => [w.key, tf.tidy(() => tf.abs(w.variable))]));
  },
};
