import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';
import { patternOf } from '../sparse_pattern.js';
import { SNIP_MASKED_MAT_MUL_GRAD_INPUT } from './SnipMaskedMatMul.js';

type Inputs = { dy: TensorInfo; w: TensorInfo; mask: TensorInfo };

// dx [M×K] = dy [M×N] · (w ⊙ mask)ᵀ, over the kept weights only.
function snipMaskedMatMulGradInput({ inputs: { dy, w, mask }, backend }: KernelArgs<Inputs>): TensorInfo {
  requireFloat32(SNIP_MASKED_MAT_MUL_GRAD_INPUT, dy, w);
  const [K, N] = w.shape, M = dy.shape[0];
  const ins = [float32Values(backend, dy), float32Values(backend, w), patternOf(backend, mask)];
  return backend.runNativeArrays(SNIP_MASKED_MAT_MUL_GRAD_INPUT, ins, [[M, K]], [M, K, N])[0];
}

export const snipMaskedMatMulGradInputConfig: KernelConfig = { kernelName: SNIP_MASKED_MAT_MUL_GRAD_INPUT, backendName: BACKEND_NAME, kernelFunc: snipMaskedMatMulGradInput as unknown as KernelFunc };
