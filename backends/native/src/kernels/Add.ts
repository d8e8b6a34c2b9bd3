import { Add, type BinaryInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, broadcastAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// y = a + b, broadcasting
function add(args: KernelArgs<Present<BinaryInputs>>): TensorInfo {
  const { inputs: { a, b }, backend } = args;
  const plan = a.dtype === 'float32' && b.dtype === 'float32' ? broadcastAttrs(a.shape, b.shape) : undefined;
  if (plan === undefined || !allFloat32(backend, a, b)) return cpuFallback(Add, args);
  return backend.runNative('Add', [a, b], plan.outShape, plan.attrs);
}

export const addConfig: KernelConfig = { kernelName: Add, backendName: BACKEND_NAME, kernelFunc: add as unknown as KernelFunc };
