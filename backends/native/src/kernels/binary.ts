import { Add, Multiply, RealDiv, Sub, type BinaryInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, broadcastAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// Broadcasting float32 binary maps (csrc/kernels/binary.cc); other dtypes go to the cpu kernel.
function binaryConfig(kernelName: string): KernelConfig {
  function run(args: KernelArgs<Present<BinaryInputs>>): TensorInfo {
    const { inputs: { a, b }, backend } = args;
    const plan = a.dtype === 'float32' && b.dtype === 'float32' ? broadcastAttrs(a.shape, b.shape) : undefined;
    if (plan === undefined || !allFloat32(backend, a, b)) return cpuFallback(kernelName, args);
    return backend.runNative(kernelName, [a, b], plan.outShape, plan.attrs);
  }
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: run as unknown as KernelFunc };
}

export const addConfig = binaryConfig(Add); // a + b
export const subConfig = binaryConfig(Sub); // a − b
export const multiplyConfig = binaryConfig(Multiply); // a · b
export const realDivConfig = binaryConfig(RealDiv); // a / b
