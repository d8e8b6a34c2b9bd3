import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

// out[b] = op(a[b]) · op(b[b]); attrs: transposeA, transposeB
export const batchMatMulConfig: KernelConfig = torchKernel(BatchMatMul, ['a', 'b'], ({ attrs }) => {
  const a = attrs as unknown as BatchMatMulAttrs;
  return [a.transposeA ? 1 : 0, a.transposeB ? 1 : 0];
});
