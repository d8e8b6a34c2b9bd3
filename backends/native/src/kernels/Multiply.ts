import { Multiply, type BinaryInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, broadcastAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// y = a · b, broadcasting
function multiply(args: KernelArgs<Present<BinaryInputs>>): TensorInfo {
  const { inputs: { a, b }, backend } = args;
  const plan = a.dtype === 'float32' && b.dtype === 'float32' ? broadcastAttrs(a.shape, b.shape) : undefined;
  if (plan === undefined || !allFloat32(backend, a, b)) return cpuFallback(Multiply, args);
  return backend.runNative('Multiply', [a, b], plan.outShape, plan.attrs);
}

export const multiplyConfig: KernelConfig = { kernelName: Multiply, backendName: BACKEND_NAME, kernelFunc: multiply as unknown as KernelFunc };
