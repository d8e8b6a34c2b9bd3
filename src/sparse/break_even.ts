// Measures, on this machine and backend, whether one masked layer runs faster through the
// sparse kernels than as the dense product: the per-layer break-even decision of `--sparse auto`.
import * as tf from '@tensorflow/tfjs-core';

import { compileStep } from '../train/compiled_step.js';

export interface LayerTiming {
  denseMs: number;
  sparseMs: number;
}

type Product = (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;

const WARMUP = 2;
const MIN_REPS = 5;
const MAX_REPS = 40;
const BUDGET_MS = 300; // per product: big layers get the fewest repetitions

function timeOnce(fn: () => tf.Tensor[]): number {
  const start = performance.now();
  const outs = tf.tidy(fn);
  for (const t of outs) t.dataSync(); // waits for asynchronous backends
  tf.dispose(outs);
  return performance.now() - start;
}

/**
 * The fastest of repeated runs of each, alternating between them: on a busy or throttled machine
 * the minimum is the steadiest estimate of a product's own cost, and alternating exposes both to
 * the same drift (measured one after the other, a slow spell could decide the choice).
 */
function fastestMs(a: () => tf.Tensor[], b: () => tf.Tensor[]): [number, number] {
  for (let i = 0; i < WARMUP; ++i) timeOnce(a), timeOnce(b);
  let best: [number, number] = [Infinity, Infinity];
  let spent = 0;
  for (let reps = 0; reps < MIN_REPS || (reps < MAX_REPS && spent < 2 * BUDGET_MS); reps++) {
    const ta = timeOnce(a), tb = timeOnce(b);
    best = [Math.min(best[0], ta), Math.min(best[1], tb)];
    spent += ta + tb;
  }
  return best;
}

export interface TimingOptions {
  training: boolean; // forward + gradients, else forward only (inference)
  inputGradient?: boolean; // training: also the gradient of x (false for a layer reading the model's input)
  /** Inference: what reads the product in the model, when a backend may fuse it with the product (a 2×2 max pool). */
  then?: (y: tf.Tensor) => tf.Tensor;
}

/**
 * Fastest time of `dense(x, w)` vs `sparse(x, w)` on random inputs of the given shapes, forward
 * only (inference) or forward + the gradients of x and w (training). Inference runs as models
 * infer, through compileStep: a backend that replays steps (native) fuses the product with
 * `then` the way it will in the model, so the choice weighs what actually runs.
 */
export function timeProducts(dense: Product, sparse: Product, xShape: number[], wShape: number[], opts: TimingOptions): LayerTiming {
  const x = tf.randomUniform(xShape, -1, 1, 'float32', 1);
  const w = tf.randomUniform(wShape, -1, 1, 'float32', 2);
  const compiled: { dispose(): void }[] = [];
  const step = (f: Product): (() => tf.Tensor[]) => {
    if (!opts.training) {
      const inference = compileStep(([xx]) => [opts.then ? opts.then(f(xx!, w)) : f(xx!, w)]);
      compiled.push(inference);
      return () => inference.run([x], {});
    }
    return opts.inputGradient ?? true
      ? () => tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(f(xx, ww)))([x, w])
      : () => [tf.grad((ww: tf.Tensor) => tf.sum(f(x, ww)))(w)]; // a first layer: no gradient flows into the data
  };
  const [denseMs, sparseMs] = fastestMs(step(dense), step(sparse));
  compiled.forEach((c) => c.dispose());
  tf.dispose([x, w]);
  return { denseMs, sparseMs };
}
