// SGD with momentum and weight decay (PyTorch's formulation), masks applied on every update.
import * as tf from '@tensorflow/tfjs-core';
import { maskedAssign } from '../masks/apply.js';
import type { MaskSet } from '../masks/mask_set.js';

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

/**
 * v ← μ·v + (g + λ·w);  w ← w − η·v, each multiplied by the weight's mask, so pruned weights
 * and their momentum stay exactly zero. Weight decay applies to every trainable variable.
 */
export class MaskedSgd {
  readonly velocity: Map<string, tf.Variable>;

  constructor(
    private readonly variables: Map<string, tf.Variable>,
    private readonly masks: MaskSet,
    private readonly opts: SgdOptions,
  ) {
    this.velocity = new Map([...variables].map(([k, v]) => [k, tf.variable(tf.zerosLike(v), false, `${v.name}/momentum`)]));
  }

  /** One update from gradients keyed like the variables. */
  step(grads: Map<string, tf.Tensor>, lr: number): void {
    const { momentum, weightDecay } = this.opts;
    for (const [key, w] of this.variables) {
      const g = grads.get(key);
      if (!g) throw new Error(`no gradient for '${key}'`);
      const v = this.velocity.get(key)!;
      const mask = this.masks.get(key);
      tf.tidy(() => {
        const decayed = weightDecay > 0 ? tf.add(g, tf.mul(w, weightDecay)) : g;
        maskedAssign(v, tf.add(tf.mul(v, momentum), decayed), mask);
        maskedAssign(w, tf.sub(w, tf.mul(v, lr)), mask);
      });
    }
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
  }
}

/** Step decay: η·factor^⌊t / every⌋. */
export function stepDecayLr(base: number, factor: number, every: number, iteration: number): number {
  return base * Math.pow(factor, Math.floor(iteration / every));
}
