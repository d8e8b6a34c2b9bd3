import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';

// The training loss as two kernels instead of ~20 (src/train/losses.ts): at [100×10] every
// tfjs kernel costs far more than its arithmetic, so plain loops over the rows win.
export const SNIP_SOFTMAX_CROSS_ENTROPY = 'SnipSoftmaxCrossEntropy';
export const SNIP_SOFTMAX_CROSS_ENTROPY_GRAD = 'SnipSoftmaxCrossEntropyGrad';

/** e[c] = exp(z[r, c] − max of the row), in float64 (max-shifted, as tf.logSumExp); returns that max and Σ e. */
function expRow(z: Float32Array, r: number, cols: number, e: Float64Array): { max: number; sum: number } {
  let max = -Infinity, sum = 0;
  for (let c = 0; c < cols; c++) max = Math.max(max, z[r * cols + c]!);
  for (let c = 0; c < cols; c++) sum += (e[c] = Math.exp(z[r * cols + c]! - max));
  return { max, sum };
}

function labelValues(backend: NativeBackend, labels: TensorInfo): ArrayLike<number> {
  return backend.data.get(labels.dataId).values as ArrayLike<number>;
}

/** A label outside [0, cols) is a row of zeros, as tf.oneHot makes it: that row's loss is 0. */
const hit = (label: number, cols: number) => Number.isInteger(label) && label >= 0 && label < cols;

// in: logits [B×C] float32, labels [B] (class indices); out: mean over rows of lse − z[label].
function softmaxCrossEntropy({ inputs: { logits, labels }, backend }: KernelArgs<{ logits: TensorInfo; labels: TensorInfo }>): TensorInfo {
  requireFloat32(SNIP_SOFTMAX_CROSS_ENTROPY, logits);
  const [rows, cols] = logits.shape as [number, number];
  const z = float32Values(backend, logits), y = labelValues(backend, labels);
  const e = new Float64Array(cols);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    if (!hit(y[r]!, cols)) continue;
    const { max, sum } = expRow(z, r, cols, e);
    total += max + Math.log(sum) - z[r * cols + y[r]!]!; // log-sum-exp − the label's logit
  }
  return backend.makeFloat32(SNIP_SOFTMAX_CROSS_ENTROPY, [], (out) => { out[0] = rows === 0 ? NaN : total / rows; });
}

// in: dy [] , logits, labels; out: dlogits = dy / B · (softmax(z) − onehot(labels)).
function softmaxCrossEntropyGrad({ inputs: { dy, logits, labels }, backend }: KernelArgs<{ dy: TensorInfo; logits: TensorInfo; labels: TensorInfo }>): TensorInfo {
  requireFloat32(SNIP_SOFTMAX_CROSS_ENTROPY_GRAD, dy, logits);
  const [rows, cols] = logits.shape as [number, number];
  const z = float32Values(backend, logits), y = labelValues(backend, labels);
  const scale = float32Values(backend, dy)[0]! / rows;
  return backend.makeFloat32(SNIP_SOFTMAX_CROSS_ENTROPY_GRAD, [rows, cols], (dz) => {
    const e = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const { sum } = expRow(z, r, cols, e);
      for (let c = 0; c < cols; c++) dz[r * cols + c] = scale * (e[c]! / sum);
      if (hit(y[r]!, cols)) dz[r * cols + y[r]!] = scale * (e[y[r]!]! / sum - 1);
    }
  });
}

export const snipSoftmaxCrossEntropyConfig: KernelConfig = {
  kernelName: SNIP_SOFTMAX_CROSS_ENTROPY, backendName: BACKEND_NAME, kernelFunc: softmaxCrossEntropy as unknown as KernelFunc,
};
export const snipSoftmaxCrossEntropyGradConfig: KernelConfig = {
  kernelName: SNIP_SOFTMAX_CROSS_ENTROPY_GRAD, backendName: BACKEND_NAME, kernelFunc: softmaxCrossEntropyGrad as unknown as KernelFunc,
};
