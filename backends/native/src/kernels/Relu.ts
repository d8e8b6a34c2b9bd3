import { Relu, type KernelConfig, type KernelFunc, type ReluInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// y = max(x, 0)
function relu(args: KernelArgs<Present<ReluInputs>>): TensorInfo {
  const { inputs: { x }, backend } = args;
  if (!allFloat32(backend, x)) return cpuFallback(Relu, args);
  return backend.runNative('Relu', [x], x.shape, []);
}

export const reluConfig: KernelConfig = { kernelName: Relu, backendName: BACKEND_NAME, kernelFunc: relu as unknown as KernelFunc };
