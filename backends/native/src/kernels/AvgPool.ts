import { AvgPool, backend_util, type AvgPoolAttrs, type AvgPoolInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

function avgPool(args: KernelArgs<Present<AvgPoolInputs>, AvgPoolAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  if (x.shape.length !== 4 || !allFloat32(backend, x)) return cpuFallback(AvgPool, args);
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return backend.runNative('AvgPool', [x], info.outShape, convAttrs(info));
}

export const avgPoolConfig: KernelConfig = { kernelName: AvgPool, backendName: BACKEND_NAME, kernelFunc: avgPool as unknown as KernelFunc };
