// Random pruning: every weight gets a seeded uniform score (the baseline of Synaptic-Flow).
import * as tf from '@tensorflow/tfjs-core';
import { makeRng, mixSeed } from '../util/rng.js';
import type { Criterion, ScoreContext, ScoreSet } from './criterion.js';

export const RANDOM_STREAM = 0x7a4d;

/** Scores u ~ U(0, 1], one array per weight, from the seed alone. */
export function randomScoresImpl(sizes: number[], seed: number): Float32Array[] {
  const rng = makeRng(mixSeed(seed, RANDOM_STREAM));
  return sizes.map((n) => Float32Array.from({ length: n }, () => 1 - rng()));
}

export const random: Criterion = {
  name: 'random',
  description: 'seeded uniform random scores: keeps a random κ of the weights',
  // Zero where the current mask already pruned, so later rounds never revive a weight.
  async score(ctx: ScoreContext): Promise<ScoreSet> {
    const values = randomScoresImpl(ctx.weights.map((w) => w.variable.size), ctx.seed);
    return new Map(ctx.weights.map((w, i) => {
      const mask = ctx.masks.get(w.key);
      return [w.key, tf.tidy(() => {
        const u = tf.tensor(values[i], w.variable.shape);
        return mask ? tf.mul(u, mask) : u;
      })];
    }));
  },
};
