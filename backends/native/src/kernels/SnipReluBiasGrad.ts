import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { requireFloat32, type KernelArgs } from '../kernel_utils.js';

// A fused relu layer's backward epilogue (src/sparse/masked_mat_mul.ts epilogueGrad): one pass
// instead of Step, Multiply and Sum.
export const SNIP_RELU_BIAS_GRAD = 'SnipReluBiasGrad';

// in: dy, y (the relu output, same shape); out: [dy·(y > 0), its sums over all axes but the last].
function snipReluBiasGrad({ inputs: { dy, y }, backend }: KernelArgs<{ dy: TensorInfo; y: TensorInfo }>): TensorInfo[] {
  requireFloat32(SNIP_RELU_BIAS_GRAD, dy, y);
  const cols = dy.shape[dy.shape.length - 1]!;
  return backend.runNativeArrays(SNIP_RELU_BIAS_GRAD, [dy, y].map((t) => backend.floats(t)), [dy.shape, [cols]], [cols]);
}

export const snipReluBiasGradConfig: KernelConfig = { kernelName: SNIP_RELU_BIAS_GRAD, backendName: BACKEND_NAME, kernelFunc: snipReluBiasGrad as unknown as KernelFunc };
