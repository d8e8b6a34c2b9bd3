import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';
import { patternOf } from '../sparse_pattern.js';
import { SNIP_MASKED_MAT_MUL_GRAD_FILTER } from './SnipMaskedMatMul.js';

type Inputs = { x: TensorInfo; dy: TensorInfo; mask: TensorInfo };

// dw [K×N] = (xᵀ · dy) ⊙ mask: one dot product over the batch per kept weight, zeros elsewhere.
function snipMaskedMatMulGradFilter({ inputs: { x, dy, mask }, backend }: KernelArgs<Inputs>): TensorInfo {
  requireFloat32(SNIP_MASKED_MAT_MUL_GRAD_FILTER, x, dy);
  const [M, K] = x.shape, N = dy.shape[1];
  const xT = M === 1 ? undefined : backend.transposeOf(x); // kept by the forward kernel that made x
  const pattern = patternOf(backend, mask);
  const ins = [float32Values(backend, x), float32Values(backend, dy), pattern, ...(xT ? [xT] : [])];
  return backend.runNativeZeroOutside(SNIP_MASKED_MAT_MUL_GRAD_FILTER, ins, [K, N], pattern, [M, K, N, xT ? 1 : 0]);
}

export const snipMaskedMatMulGradFilterConfig: KernelConfig = { kernelName: SNIP_MASKED_MAT_MUL_GRAD_FILTER, backendName: BACKEND_NAME, kernelFunc: snipMaskedMatMulGradFilter as unknown as KernelFunc };
