import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type MaxPoolGradInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// Routes dy to the first input of each window equal to its maximum (the forward output).
function maxPoolGrad(args: KernelArgs<Present<MaxPoolGradInputs>, MaxPoolGradAttrs>): TensorInfo {
  const { inputs: { dy, input, output }, backend, attrs } = args;
  if (input.shape.length !== 4 || !allFloat32(backend, dy, input, output)) return cpuFallback(MaxPoolGrad, args);
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return backend.runNative('MaxPoolGrad', [dy, input, output], input.shape, convAttrs(info));
}

export const maxPoolGradConfig: KernelConfig = { kernelName: MaxPoolGrad, backendName: BACKEND_NAME, kernelFunc: maxPoolGrad as unknown as KernelFunc };
