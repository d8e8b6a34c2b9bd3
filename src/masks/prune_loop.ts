// Scoring then top-κ selection, in one round (SNIP) or several (iterative criteria).
import * as tf from '@tensorflow/tfjs-core';
import type { Criterion, ScoreContext } from '../criteria/criterion.js';
import { applyMasks } from './apply.js';
import { disposeMasks, type MaskSet } from './mask_set.js';
import { collapsedLayers, maskStats, totals, type LayerStats } from './stats.js';
import { keptCount, selectMask, type Scope } from './threshold.js';

export interface PruneLoopOptions {
  sparsity: number; // final fraction removed
  scope: Scope;
  rounds: number; // 1 for single-shot
}

export interface PruneOutcome {
  masks: MaskSet;
  layers: LayerStats[];
  kept: number;
  total: number;
  collapsed: string[]; // layers with no weight left
}

/**
 * Prunes to `sparsity` in `rounds` steps of an exponential schedule (density d^(r/R)),
 * re-scoring the partly pruned network each round. The model's weights are left unmasked:
 * the caller applies the returned masks (so scoring never alters what the user passed in).
 */
export async function pruneLoop(criterion: Criterion, ctx: ScoreContext, opts: PruneLoopOptions): Promise<PruneOutcome> {
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) throw new Error(`rounds must be a positive integer, got ${opts.rounds}`);
  keptCount(1, opts.sparsity); // validates the range
  const saved = opts.rounds > 1 ? ctx.weights.map((w) => tf.clone(w.variable)) : [];
  // Scoring runs in training mode, which moves batch norm's running statistics: put them back.
  const stats = ctx.model.nonTrainableWeights.map((w) => ({ w, value: tf.clone(w.read()) }));
  let masks = ctx.masks;
  try {
    for (let r = 1; r <= opts.rounds; r++) {
      const density = Math.pow(1 - opts.sparsity, r / opts.rounds);
      const scores = await criterion.score({ ...ctx, masks });
      const next = selectMask(scores, r === opts.rounds ? opts.sparsity : 1 - density, opts.scope);
      for (const s of scores.values()) s.dispose();
      if (masks !== ctx.masks) disposeMasks(masks);
      masks = next;
      if (r < opts.rounds) applyMasks(ctx.weights, masks); // later rounds see the pruned network
    }
  } finally {
    ctx.weights.forEach((w, i) => saved[i] && w.variable.assign(saved[i]));
    for (const { w, value } of stats) w.write(value);
    tf.dispose([...saved, ...stats.map((s) => s.value)]);
  }
  const layers = maskStats(masks);
  const { kept, total } = totals(layers);
  const expected = opts.scope === 'global' ? keptCount(total, opts.sparsity) : kept;
  if (kept !== expected) throw new Error(`internal error: kept ${kept} weights, expected κ = ${expected}`);
  return { masks, layers, kept, total, collapsed: collapsedLayers(layers) };
}
