import { Step, type KernelConfig, type KernelFunc, type StepAttrs, type StepInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// y = x > 0 ? 1 : alpha (relu's derivative in tfjs-core's gradients)
function step(args: KernelArgs<Present<StepInputs>, StepAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  if (!allFloat32(backend, x)) return cpuFallback(Step, args);
  return backend.runNative('Step', [x], x.shape, [attrs.alpha]);
}

export const stepConfig: KernelConfig = { kernelName: Step, backendName: BACKEND_NAME, kernelFunc: step as unknown as KernelFunc };
