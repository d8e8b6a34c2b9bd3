import { _FusedMatMul, type _FusedMatMulAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { activationId, torchKernel } from '../kernel_utils.js';

// out[b] = act(op(a[b]) · op(b[b]) + bias); attrs: transposeA, transposeB, activation, leakyAlpha, hasBias, hasPrelu
export const _fusedMatMulConfig: KernelConfig = torchKernel(_FusedMatMul, ['a', 'b', 'bias', 'preluActivationWeights'], ({ inputs, attrs }) => {
  const { bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
  const a = attrs as unknown as _FusedMatMulAttrs;
  return [a.transposeA ? 1 : 0, a.transposeB ? 1 : 0, activationId(a.activation), a.leakyreluAlpha ?? 0.2, bias == null ? 0 : 1, preluActivationWeights == null ? 0 : 1];
});
