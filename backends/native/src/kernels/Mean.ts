import { Mean, type KernelConfig, type KernelFunc, type MeanAttrs, type MeanInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, planReduction, type KernelArgs, type Present } from '../kernel_utils.js';

// Mean over axes that form a leading or trailing block (e.g. batch-norm moments over N, H, W).
function mean(args: KernelArgs<Present<MeanInputs>, MeanAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  const plan = planReduction(x.shape, attrs.axis, attrs.keepDims);
  if (plan === undefined || !allFloat32(backend, x)) return cpuFallback(Mean, args);
  return backend.runNative('Mean', [x], plan.outShape, plan.attrs);
}

export const meanConfig: KernelConfig = { kernelName: Mean, backendName: BACKEND_NAME, kernelFunc: mean as unknown as KernelFunc };
