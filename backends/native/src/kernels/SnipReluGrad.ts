import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { RELU_GRAD } from '../../../fused_gradients.js';
import { BACKEND_NAME } from '../backend_native.js';
import { requireFloat32, type KernelArgs } from '../kernel_utils.js';

// Relu's gradient in one pass (backends/fused_gradients.ts routes tfjs-core's Step·Cast·Multiply here).

// in: dy, x (same shape); out: dy where x > 0, else 0.
function reluGrad({ inputs: { dy, x }, backend }: KernelArgs<{ dy: TensorInfo; x: TensorInfo }>): TensorInfo {
  requireFloat32(RELU_GRAD, dy, x);
  return backend.runNativeArrays(RELU_GRAD, [backend.floats(dy), backend.floats(x)], [x.shape], [])[0]!;
}

export const reluGradConfig: KernelConfig = { kernelName: RELU_GRAD, backendName: BACKEND_NAME, kernelFunc: reluGrad as unknown as KernelFunc };
