// Mask enforcement: the one function every training path uses to keep pruned weights zero.
import * as tf from '@tensorflow/tfjs-core';
import type { MaskSet } from './mask_set.js';
import type { PrunableWeight } from './prunable.js';

/** variable ← value ⊙ mask (or value when the variable is not masked). */
export function maskedAssign(variable: tf.Variable, value: tf.Tensor, mask: tf.Tensor | undefined): void {
  tf.tidy(() => variable.assign(mask ? tf.mul(value, mask) : value));
}

/** Zeroes the pruned entries of every prunable weight in place. */
export function applyMasks(weights: PrunableWeight[], masks: MaskSet): void {
  for (const w of weights) {
    const m = masks.get(w.key);
    if (m) maskedAssign(w.variable, w.variable, m);
  }
}

/**
 * Zeroes the pruned entries of an optimiser's slots (momentum, Adam moments). tfjs
 * optimisers name a slot after its variable: `<variable>` or `<variable>/<slot>`.
 */
export async function applyMasksToOptimizer(
  optimizer: tf.Optimizer, weights: PrunableWeight[], masks: MaskSet,
): Promise<void> {
  const byName = new Map(weights.map((w) => [w.variable.name, masks.get(w.key)]));
  for (const slot of await optimizer.getWeights()) {
    const owner = byName.has(slot.name) ? slot.name : slot.name.slice(0, slot.name.lastIndexOf('/'));
    const mask = byName.get(owner);
    if (mask && slot.tensor instanceof tf.Variable && slot.tensor.shape.length === mask.shape.length) {
      maskedAssign(slot.tensor, slot.tensor, mask);
    }
  }
}
