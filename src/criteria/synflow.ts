// SynFlow (Tanaka et al. 2020): data-free synaptic saliency. With every parameter replaced by
// |θ| and an all-ones input, R = 1ᵀ f(1; |θ|) and the score is |∂R/∂θ ⊙ θ| (eq. 2).
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Criterion, ScoreContext, ScoreSet } from './criterion.js';

/** SynFlow's default number of pruning rounds (the paper's 100 iterations). */
export const SYNFLOW_ROUNDS = 100;

/** One all-ones example of the model's input shape. */
function onesInput(model: LayersModel): tf.Tensor {
  const shape = model.inputs[0].shape.slice(1);
  if (shape.some((d) => d === null)) throw new Error(`synflow needs a fixed input shape, the model has [${shape}]`);
  return tf.ones([1, ...(shape as number[])]);
}

export const synflow: Criterion = {
  name: 'synflow',
  description: `data-free synaptic flow |∂R/∂θ ⊙ θ| with |θ| weights and an all-ones input, ${SYNFLOW_ROUNDS} rounds (Tanaka et al. 2020)`,
  rounds: SYNFLOW_ROUNDS,
  async score(ctx: ScoreContext): Promise<ScoreSet> {
    // Linearise: every weight (biases and batch-norm statistics too) becomes |θ|, as the
    // reference does with the whole state dict; restored exactly afterwards.
    const all = ctx.model.weights.map((w) => w.read() as tf.Variable);
    const saved = all.map((v) => tf.clone(v));
    try {
      all.forEach((v) => tf.tidy(() => v.assign(tf.abs(v))));
      const x = onesInput(ctx.model);
      // Batch norm in inference mode (running statistics), as the reference's model.eval().
      const { value, grads } = tf.variableGrads(
        () => tf.sum(ctx.model.apply(x, { training: false }) as tf.Tensor) as tf.Scalar,
        ctx.weights.map((w) => w.variable),
      );
      const r = (await value.data())[0];
      tf.dispose([x, value]);
      if (!Number.isFinite(r)) {
        tf.dispose(Object.values(grads));
        throw new Error(`synflow: R = ${r} overflows float32 (network too deep for an all-ones input)`);
      }
      const out = new Map(ctx.weights.map((w) => [w.key, tf.tidy(() => tf.abs(tf.mul(grads[w.variable.name], w.variable)))]));
      tf.dispose(Object.values(grads));
      return out;
    } finally {
      all.forEach((v, i) => v.assign(saved[i]));
      tf.dispose(saved);
    }
  },
};
