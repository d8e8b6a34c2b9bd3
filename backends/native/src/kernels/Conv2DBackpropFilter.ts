import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type Conv2DBackpropFilterInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// dW of a convolution: im2col(x)ᵀ · dy.
function conv2DBackpropFilter(args: KernelArgs<Present<Conv2DBackpropFilterInputs>, Conv2DBackpropFilterAttrs>): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  if (attrs.dataFormat !== 'NHWC' || !allFloat32(backend, x, dy)) return cpuFallback(Conv2DBackpropFilter, args);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return backend.runNative('Conv2DBackpropFilter', [x, dy], info.filterShape, convAttrs(info));
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter, backendName: BACKEND_NAME, kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
