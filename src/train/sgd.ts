// SGD with momentum and weight decay (PyTorch's formulation), masks applied on every update.
import * as tf from '@tensorflow/tfjs-core';
import { maskedAssign } from '../masks/apply.js';
import type { MaskSet } from '../masks/mask_set.js';

/** A learning rate: a number, or a float32 scalar tensor on the active backend. */
export type LearningRate = number | tf.Scalar;

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
}

/**
 * Fused kernels a backend may register (same semantics as the op-by-op path below):
 * SnipMaskedSgdMomentum, inputs {w, v, g, mask?, lr?}, attrs {lr, momentum, weightDecay, inPlace},
 * outputs [newW, newV] (inPlace: the outputs are assigned to w and v at once, so the backend may
 * write into them where nothing else sees their values); SnipMaskedSgdMomentumMulti, inputs [w×n, v×n, g×n, masks of the masked ones],
 * attrs {lr, momentum, weightDecay, masked: 0/1 per variable, lrInput: 0/1}, outputs [newW×n, newV×n].
 * The learning rate is a number (attr lr) or a scalar tensor: the `lr` input, or for the multi
 * kernel the last input when lrInput is 1. A tensor lets a compiled step (a CUDA graph) take a
 * new rate every iteration without being compiled again.
 */
export const FUSED_SGD_KERNEL = 'SnipMaskedSgdMomentum';
export const FUSED_SGD_MULTI_KERNEL = 'SnipMaskedSgdMomentumMulti';

/**
 * v ← μ·v + (g + λ·w);  w ← w − η·v, each multiplied by the weight's mask, so pruned weights
 * and their momentum stay exactly zero. Weight decay applies to every trainable variable.
 * Runs as one kernel for all parameters, or one per parameter, where the backend has one.
 */
export class MaskedSgd {
  readonly velocity: Map<string, tf.Variable>;

  constructor(
    private readonly variables: Map<string, tf.Variable>,
    private readonly masks: MaskSet,
    private readonly opts: SgdOptions,
  ) {
    this.velocity = new Map([...variables].map(([k, v]) => [k, variableOf(tf.zerosLike(v), `${v.name}/momentum`)]));
  }

  /** One update from gradients keyed like the variables. */
  step(grads: Map<string, tf.Tensor>, lr: LearningRate): void {
    const gradList = [...this.variables.keys()].map((key) => {
      const g = grads.get(key);
      if (!g) throw new Error(`no gradient for '${key}'`);
      return g;
    });
    const backend = tf.getBackend();
    if (tf.getKernel(FUSED_SGD_MULTI_KERNEL, backend)) this.stepAllFused(gradList, lr);
    else if (tf.getKernel(FUSED_SGD_KERNEL, backend)) this.stepEachFused(gradList, lr);
    else this.stepOps(gradList, lr);
  }

  /** One update from gradients keyed by variable name, as tf.variableGrads returns them. */
  stepNamed(grads: tf.NamedTensorMap, lr: LearningRate): void {
    this.step(new Map([...this.variables].map(([key, v]) => [key, grads[v.name]!])), lr);
  }

  private stepOps(grads: tf.Tensor[], lr: LearningRate): void {
    const { momentum, weightDecay } = this.opts;
    [...this.variables].forEach(([key, w], i) => {
      const g = grads[i]!;
      const v = this.velocity.get(key)!;
      const mask = this.masks.get(key);
      tf.tidy(() => {
        const decayed = weightDecay > 0 ? tf.add(g, tf.mul(w, weightDecay)) : g;
        maskedAssign(v, tf.add(tf.mul(v, momentum), decayed), mask);
        maskedAssign(w, tf.sub(w, tf.mul(v, lr)), mask);
      });
    });
  }

  private stepEachFused(grads: tf.Tensor[], lr: LearningRate): void {
    const rate = rateParts(lr);
    const attrs = { lr: rate.attr, momentum: this.opts.momentum, weightDecay: this.opts.weightDecay, inPlace: true };
    const lrInput: tf.NamedTensorMap = rate.tensor ? { lr: rate.tensor } : {};
    [...this.variables].forEach(([key, w], i) => {
      const v = this.velocity.get(key)!;
      const mask = this.masks.get(key);
      const inputs = { w, v, g: grads[i]!, ...(mask ? { mask } : {}), ...lrInput };
      tf.tidy(() => {
        const [newW, newV] = tf.engine().runKernel(FUSED_SGD_KERNEL, inputs, attrs) as tf.Tensor[];
        w.assign(newW!);
        v.assign(newV!);
      });
    });
  }

  private stepAllFused(grads: tf.Tensor[], lr: LearningRate): void {
    const ws = [...this.variables.values()];
    const vs = [...this.variables.keys()].map((key) => this.velocity.get(key)!);
    const masks = [...this.variables.keys()].map((key) => this.masks.get(key));
    const rate = rateParts(lr);
    const inputs = [...ws, ...vs, ...grads, ...masks.filter((m): m is tf.Tensor => m !== undefined), ...(rate.tensor ? [rate.tensor] : [])];
    const attrs = {
      lr: rate.attr, momentum: this.opts.momentum, weightDecay: this.opts.weightDecay,
      masked: masks.map((m) => (m ? 1 : 0)), lrInput: rate.tensor ? 1 : 0,
    };
    tf.tidy(() => {
      const outs = tf.engine().runKernel(FUSED_SGD_MULTI_KERNEL, inputs as unknown as tf.NamedTensorMap, attrs) as tf.Tensor[];
      ws.forEach((w, i) => w.assign(outs[i]!));
      vs.forEach((v, i) => v.assign(outs[ws.length + i]!));
    });
  }

  dispose(): void {
    for (const v of this.velocity.values()) v.dispose();
  }
}

/** A rate as the fused kernels take it: the attribute, or (a tensor rate) the input that replaces it. */
function rateParts(lr: LearningRate): { attr: number; tensor?: tf.Scalar } {
  return typeof lr === 'number' ? { attr: lr } : { attr: 0, tensor: lr };
}

/** A non-trainable variable holding `initial` (which it takes over: no tensor is left behind). */
function variableOf(initial: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(initial, false, name);
  initial.dispose();
  return v;
}
