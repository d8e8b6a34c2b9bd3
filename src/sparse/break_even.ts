// Measures, on this machine and backend, whether one masked dense layer runs faster through the
// sparse kernels than as a dense product: the per-layer break-even decision of `--sparse auto`.
import * as tf from '@tensorflow/tfjs-core';

import { maskedMatMul } from './masked_mat_mul.js';

export interface LayerTiming {
  denseMs: number;
  sparseMs: number;
}

const WARMUP = 2;
const REPS = 5;

function medianMs(fn: () => tf.Tensor[]): number {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REPS; ++i) {
    const start = performance.now();
    const outs = tf.tidy(fn);
    for (const t of outs) t.dataSync(); // waits for asynchronous backends
    tf.dispose(outs);
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[REPS >> 1]!;
}

/**
 * Median time of x [M×K] · w [K×N] as a dense product vs the sparse op with `mask`, forward
 * only (inference) or forward + both gradients (training).
 */
export function timeMaskedLayer(mask: tf.Tensor2D, M: number, training: boolean): LayerTiming {
  const [K, N] = mask.shape;
  const x = tf.randomUniform([M, K], -1, 1, 'float32', 1) as tf.Tensor2D;
  const w = tf.randomUniform([K, N], -1, 1, 'float32', 2) as tf.Tensor2D;
  const dy = tf.randomUniform([M, N], -1, 1, 'float32', 3) as tf.Tensor2D;
  const step = (f: (xx: tf.Tensor2D, ww: tf.Tensor2D) => tf.Tensor2D) => () => training
    ? tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(f(xx as tf.Tensor2D, ww as tf.Tensor2D), dy)))([x, w])
    : [f(x, w)];
  const denseMs = medianMs(step((xx, ww) => tf.matMul(xx, ww)));
  const sparseMs = medianMs(step((xx, ww) => maskedMatMul(xx, ww, mask)));
  tf.dispose([x, w, dy]);
  return { denseMs, sparseMs };
}
