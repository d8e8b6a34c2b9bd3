// Gradients of the loss with respect to the prunable weights, averaged over batches.
import * as tf from '@tensorflow/tfjs-core';
import type { ScoreContext } from './criterion.js';

/**
 * ∂L/∂w for every scored weight, the network in training mode (batch statistics in batch
 * norm, as the reference implementation scores). Several batches give the mean gradient,
 * i.e. the gradient of the loss over their union (equal-sized batches).
 */
export async function meanGradients(ctx: ScoreContext): Promise<Map<string, tf.Tensor>> {
  const vars = ctx.weights.map((w) => w.variable);
  const sums = new Map<string, tf.Tensor>();
  let count = 0;
  for await (const batch of ctx.batches()) {
    const { value, grads } = tf.variableGrads(
      () => ctx.loss(ctx.model.apply(batch.x, { training: true }) as tf.Tensor, batch.y),
      vars,
    );
    const lossValue = (await value.data())[0];
    value.dispose();
    if (!Number.isFinite(lossValue)) {
      tf.dispose(grads);
      throw new Error(`scoring loss is ${lossValue}; check the data and the initialisation`);
    }
    for (const w of ctx.weights) {
      const g = grads[w.variable.name];
      const prev = sums.get(w.key);
      sums.set(w.key, prev ? tf.tidy(() => tf.add(prev, g)) : tf.clone(g));
      prev?.dispose();
    }
    tf.dispose(grads);
    count++;
  }
  if (count === 0) throw new Error('no scoring batch was given');
  for (const [k, s] of sums) {
    sums.set(k, tf.tidy(() => tf.div(s, count)));
    s.dispose();
  }
  return sums;
}

/** Divides every score by the sum over all of them (the reference normalises so). */
export function normaliseBySum(scores: Map<string, tf.Tensor>): Map<string, tf.Tensor> {
  const total = tf.tidy(() => tf.addN([...scores.values()].map((s) => tf.sum(s))));
  const out = new Map<string, tf.Tensor>();
  for (const [k, s] of scores) {
    out.set(k, tf.tidy(() => tf.div(s, total)));
    s.dispose();
  }
  total.dispose();
  return out;
}
