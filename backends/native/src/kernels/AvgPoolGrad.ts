import { AvgPoolGrad, backend_util, type AvgPoolGradAttrs, type AvgPoolGradInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

function avgPoolGrad(args: KernelArgs<Present<AvgPoolGradInputs>, AvgPoolGradAttrs>): TensorInfo {
  const { inputs: { dy, input }, backend, attrs } = args;
  if (input.shape.length !== 4 || !allFloat32(backend, dy, input)) return cpuFallback(AvgPoolGrad, args);
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad);
  return backend.runNative('AvgPoolGrad', [dy], input.shape, convAttrs(info));
}

export const avgPoolGradConfig: KernelConfig = { kernelName: AvgPoolGrad, backendName: BACKEND_NAME, kernelFunc: avgPoolGrad as unknown as KernelFunc };
