import { BatchMatMul, type BatchMatMulAttrs, type BatchMatMulInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';
import { planMatMul } from '../mat_mul_attrs.js';

// out[b] = op(a[b]) · op(b[b])
function batchMatMul(args: KernelArgs<Present<BatchMatMulInputs>, BatchMatMulAttrs>): TensorInfo {
  const { inputs: { a, b }, backend, attrs } = args;
  const plan = planMatMul(a, b, attrs.transposeA, attrs.transposeB);
  if (plan === undefined || !allFloat32(backend, a, b)) return cpuFallback(BatchMatMul, args);
  // shape, activation (linear), alpha, hasBias
  return backend.runNative('BatchMatMul', [a, b], plan.outShape, [...plan.attrs, 0, 0, 0]);
}

export const batchMatMulConfig: KernelConfig = { kernelName: BatchMatMul, backendName: BACKEND_NAME, kernelFunc: batchMatMul as unknown as KernelFunc };
