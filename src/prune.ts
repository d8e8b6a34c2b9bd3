// The library's front door: prune any tf.LayersModel at initialisation.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Batch, Criterion, LossFn } from './criteria/criterion.js';
import { getCriterion } from './criteria/registry.js';
import { applyMasks } from './masks/apply.js';
import { fullMasks, disposeMasks } from './masks/mask_set.js';
import { pruneLoop, type PruneOutcome } from './masks/prune_loop.js';
import { prunableWeights, type PrunableOptions, type PrunableWeight } from './masks/prunable.js';
import type { Scope } from './masks/threshold.js';
import { softmaxCrossEntropy } from './train/losses.js';

export interface PruneOptions extends PrunableOptions {
  sparsity: number; // fraction of prunable weights removed, in (0, 1)
  criterion?: string | Criterion; // default 'snip'
  scope?: Scope; // default 'global'
  rounds?: number; // default: the criterion's own (1 for SNIP, 100 for SynFlow)
  loss?: LossFn; // default softmax cross-entropy on logits and int labels
  seed?: number;
  /** Zero the pruned weights of `model` in place (default true). */
  apply?: boolean;
}

export interface PruneResult extends PruneOutcome {
  weights: PrunableWeight[];
}

/**
 * Scores the model's prunable weights on `data` (one batch, or several whose gradients are
 * averaged) and keeps the top κ = round((1 − sparsity)·N). Returns the masks (caller disposes).
 */
export async function prune(model: LayersModel, data: Batch | Batch[], opts: PruneOptions): Promise<PruneResult> {
  const weights = prunableWeights(model, opts);
  if (weights.length === 0) throw new Error('the model has no prunable weights (Dense, Conv, recurrent kernels)');
  const criterion = typeof opts.criterion === 'object' ? opts.criterion : getCriterion(opts.criterion ?? 'snip');
  const list = Array.isArray(data) ? data : [data];
  const ones = fullMasks(new Map(weights.map((w) => [w.key, w.variable.shape])));
  try {
    const outcome = await pruneLoop(criterion, {
      model, weights, masks: ones, loss: opts.loss ?? softmaxCrossEntropy, seed: opts.seed ?? 0,
      batches: async function* () { yield* list; },
    }, { sparsity: opts.sparsity, scope: opts.scope ?? 'global', rounds: opts.rounds ?? criterion.rounds ?? 1 });
    if (opts.apply ?? true) applyMasks(weights, outcome.masks);
    return { ...outcome, weights };
  } finally {
    disposeMasks(ones);
  }
}

/** SNIP in one call: `const { masks } = await snip(model, { x, y }, { sparsity: 0.98 })`. */
export async function snip(model: LayersModel, data: Batch | Batch[], opts: Omit<PruneOptions, 'criterion'>): Promise<PruneResult> {
  return prune(model, data, { ...opts, criterion: 'snip' });
}

export type { tf };
