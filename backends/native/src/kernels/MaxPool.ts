import { backend_util, MaxPool, type KernelConfig, type KernelFunc, type MaxPoolAttrs, type MaxPoolInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

function maxPool(args: KernelArgs<Present<MaxPoolInputs>, MaxPoolAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  if (x.shape.length !== 4 || !allFloat32(backend, x)) return cpuFallback(MaxPool, args);
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return backend.runNative('MaxPool', [x], info.outShape, convAttrs(info));
}

export const maxPoolConfig: KernelConfig = { kernelName: MaxPool, backendName: BACKEND_NAME, kernelFunc: maxPool as unknown as KernelFunc };
