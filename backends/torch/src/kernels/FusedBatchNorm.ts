import { FusedBatchNorm, type FusedBatchNormAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

// y = (x − mean) · scale / √(variance + ε) + offset; attrs: ε, hasOffset, hasScale
export const fusedBatchNormConfig: KernelConfig = torchKernel(FusedBatchNorm, ['x', 'mean', 'variance', 'offset', 'scale'], ({ inputs, attrs }) => {
  const { offset, scale } = inputs as Record<string, TensorInfo | undefined>;
  const a = attrs as unknown as FusedBatchNormAttrs;
  return [a.varianceEpsilon, offset == null ? 0 : 1, scale == null ? 0 : 1];
});
