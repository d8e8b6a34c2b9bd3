// Measures, on this machine and backend, whether one masked layer runs faster through the
// sparse kernels than as the dense product: the per-layer break-even decision of `--sparse auto`.
import * as tf from '@tensorflow/tfjs-core';

export interface LayerTiming {
  denseMs: number;
  sparseMs: number;
}

type Product = (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;

const WARMUP = 2;
const MIN_REPS = 3;
const MAX_REPS = 7;
const BUDGET_MS = 300; // per product: big layers get the fewest repetitions

function medianMs(fn: () => tf.Tensor[]): number {
  const times: number[] = [];
  const once = () => {
    const start = performance.now();
    const outs = tf.tidy(fn);
    for (const t of outs) t.dataSync(); // waits for asynchronous backends
    tf.dispose(outs);
    return performance.now() - start;
  };
  for (let i = 0; i < WARMUP; ++i) once();
  let spent = 0;
  while (times.length < MIN_REPS || (times.length < MAX_REPS && spent < BUDGET_MS)) spent += times[times.push(once()) - 1]!;
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

/**
 * Median time of `dense(x, w)` vs `sparse(x, w)` on random inputs of the given shapes, forward
 * only (inference) or forward + the gradients of x and w (training).
 */
export function timeProducts(dense: Product, sparse: Product, xShape: number[], wShape: number[], training: boolean): LayerTiming {
  const x = tf.randomUniform(xShape, -1, 1, 'float32', 1);
  const w = tf.randomUniform(wShape, -1, 1, 'float32', 2);
  const step = (f: Product) => () => training ? tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(f(xx, ww)))([x, w]) : [f(x, w)];
  const denseMs = medianMs(step(dense));
  const sparseMs = medianMs(step(sparse));
  tf.dispose([x, w]);
  return { denseMs, sparseMs };
}
