// GraSP (Wang et al. 2020): keep the weights whose removal least reduces the gradient flow.
// GraSP's removal score is S(−θ) = −θ ⊙ Hg (eq. 8; prune the highest). Higher means keep here,
// so we return θ ⊙ Hg, normalised by |Σ| as Synaptic-Flow does (the sign is kept).
import * as tf from '@tensorflow/tfjs-core';
import type { Criterion, LossFn, ScoreContext, ScoreSet } from './criterion.js';
import { meanGradients } from './gradients.js';

/** Softmax temperature of the reference implementations (logits / 200). */
export const GRASP_TEMPERATURE = 200;
/** Finite-difference step: ‖εg‖ = GRASP_RELATIVE_STEP · ‖θ‖. */
export const GRASP_RELATIVE_STEP = 1e-3;

/**
 * Hessian-gradient product by central differences of gradients (tfjs has no double backprop
 * for every kernel): Hg ≈ (∇L(θ + εg) − ∇L(θ − εg)) / 2ε, exact up to O(ε²).
 */
export async function hessianGradientProduct(ctx: ScoreContext, g: Map<string, tf.Tensor>): Promise<Map<string, tf.Tensor>> {
  const saved = ctx.weights.map((w) => tf.clone(w.variable));
  const [gNorm, thetaNorm] = tf.tidy(() => [
    tf.sqrt(tf.addN([...g.values()].map((t) => tf.sum(tf.square(t))))),
    tf.sqrt(tf.addN(saved.map((t) => tf.sum(tf.square(t))))),
  ]).map((t) => { const v = t.dataSync()[0]; t.dispose(); return v; });
  const eps = gNorm > 0 ? (GRASP_RELATIVE_STEP * Math.max(thetaNorm, 1e-8)) / gNorm : 0;
  const shifted = async (sign: 1 | -1) => {
    ctx.weights.forEach((w, i) => tf.tidy(() => w.variable.assign(tf.add(saved[i], tf.mul(g.get(w.key)!, sign * eps)))));
    return meanGradients(ctx);
  };
  try {
    if (eps === 0) return new Map(ctx.weights.map((w) => [w.key, tf.zerosLike(w.variable)]));
    const up = await shifted(1);
    const down = await shifted(-1);
    const out = new Map(ctx.weights.map((w) => [w.key, tf.tidy(() => tf.div(tf.sub(up.get(w.key)!, down.get(w.key)!), 2 * eps))]));
    tf.dispose([...up.values(), ...down.values()]);
    return out;
  } finally {
    ctx.weights.forEach((w, i) => w.variable.assign(saved[i]));
    tf.dispose(saved);
  }
}

export const grasp: Criterion = {
  name: 'grasp',
  description: 'gradient signal preservation θ ⊙ Hg (Wang et al. 2020), Hg by finite differences of gradients',
  async score(ctx: ScoreContext): Promise<ScoreSet> {
    const tempered: LossFn = (logits, labels) => tf.tidy(() => ctx.loss(tf.div(logits, GRASP_TEMPERATURE), labels));
    const tctx = { ...ctx, loss: tempered };
    const g = await meanGradients(tctx);
    const hg = await hessianGradientProduct(tctx, g);
    tf.dispose([...g.values()]);
    const raw = new Map(ctx.weights.map((w) => [w.key, tf.tidy(() => tf.mul(w.variable, hg.get(w.key)!))]));
    tf.dispose([...hg.values()]);
    // Synaptic-Flow: divide by |Σ scores| (+ε), which keeps the sign and so the ordering.
    const norm = tf.tidy(() => tf.add(tf.abs(tf.addN([...raw.values()].map((s) => tf.sum(s)))), 1e-10));
    const out = new Map([...raw].map(([k, s]) => [k, tf.tidy(() => tf.div(s, norm))]));
    tf.dispose([...raw.values(), norm]);
    return out;
  },
};
