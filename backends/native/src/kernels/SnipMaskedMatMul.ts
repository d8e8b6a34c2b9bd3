import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';
import { patternOf } from '../sparse_pattern.js';

// Kernel names and inputs of src/sparse/kernel_names.ts (backends do not import src/).
export const SNIP_MASKED_MAT_MUL = 'SnipMaskedMatMul';
export const SNIP_MASKED_MAT_MUL_GRAD_INPUT = 'SnipMaskedMatMulGradInput';
export const SNIP_MASKED_MAT_MUL_GRAD_FILTER = 'SnipMaskedMatMulGradFilter';

type Inputs = { x: TensorInfo; w: TensorInfo; mask: TensorInfo; bias?: TensorInfo | null };

/** The activations the sparse kernels fuse (csrc/sparse_products.h biasActivateRows). */
export function fusedActivationId(activation: string | undefined): number {
  switch (activation ?? 'linear') {
    case 'linear': return 0;
    case 'relu': return 1;
    default: throw new Error(`native sparse kernels fuse linear or relu, not ${activation}`);
  }
}

// y [M×N] = act(x [M×K] · (w ⊙ mask) [K×N] + bias), over the kept weights only.
function snipMaskedMatMul({ inputs: { x, w, mask, bias }, backend, attrs }: KernelArgs<Inputs, { activation?: string }>): TensorInfo {
  requireFloat32(SNIP_MASKED_MAT_MUL, x, w, bias);
  const [M, K] = x.shape as [number, number], N = w.shape[1]!;
  const ins = [float32Values(backend, x), float32Values(backend, w), patternOf(backend, mask), ...(bias == null ? [] : [float32Values(backend, bias)])];
  const act = fusedActivationId(attrs.activation);
  if (M === 1) return backend.runNativeArrays(SNIP_MASKED_MAT_MUL, ins, [[M, N]], [M, K, N, act, 0, 0])[0]!; // no transposes at batch 1
  // x transposed by the kernel that made it, if it was one of these; y's transpose kept likewise.
  const xT = backend.transposeOf(x);
  return backend.runNativeKeepingTranspose(SNIP_MASKED_MAT_MUL, xT ? [...ins, xT] : ins, [M, N], [M, K, N, act, xT ? 1 : 0, 1]);
}

export const snipMaskedMatMulConfig: KernelConfig = { kernelName: SNIP_MASKED_MAT_MUL, backendName: BACKEND_NAME, kernelFunc: snipMaskedMatMul as unknown as KernelFunc };
