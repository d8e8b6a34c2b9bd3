import { Sum, type KernelConfig, type KernelFunc, type SumAttrs, type SumInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, planReduction, type KernelArgs, type Present } from '../kernel_utils.js';

// Σ over axes that form a leading or trailing block (e.g. a bias gradient over N, H, W).
function sum(args: KernelArgs<Present<SumInputs>, SumAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  const plan = planReduction(x.shape, attrs.axis, attrs.keepDims);
  if (plan === undefined || !allFloat32(backend, x)) return cpuFallback(Sum, args);
  return backend.runNative('Sum', [x], plan.outShape, plan.attrs);
}

export const sumConfig: KernelConfig = { kernelName: Sum, backendName: BACKEND_NAME, kernelFunc: sum as unknown as KernelFunc };
