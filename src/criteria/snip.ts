// SNIP (Lee et al. 2019): connection sensitivity s_j = |∂L/∂c_j| at c = 1, which is |g_j · w_j|.
import * as tf from '@tensorflow/tfjs-core';
import type { Criterion, ScoreContext, ScoreSet } from './criterion.js';
import { meanGradients, normaliseBySum } from './gradients.js';

export const snip: Criterion = {
  name: 'snip',
  description: 'connection sensitivity |g ⊙ w| on the scoring batch (Lee et al. 2019, eq. 6)',
  async score(ctx: ScoreContext): Promise<ScoreSet> {
    const grads = await meanGradients(ctx);
    const raw = new Map<string, tf.Tensor>();
    for (const w of ctx.weights) {
      const g = grads.get(w.key)!;
      // Eq. 6: s_j = |g_j(w; D)| / Σ_k |g_k(w; D)|, with g_j = ∂L/∂c_j = (∂L/∂w_j) · w_j.
      raw.set(w.key, tf.tidy(() => tf.abs(tf.mul(g, w.variable))));
      g.dispose();
    }
    return normaliseBySum(raw);
  },
};
