import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type Conv2DBackpropInputInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// dx of a convolution: col2im(dy · Wᵀ).
function conv2DBackpropInput(args: KernelArgs<Present<Conv2DBackpropInputInputs>, Conv2DBackpropInputAttrs>): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  if (attrs.dataFormat !== 'NHWC' || !allFloat32(backend, dy, filter)) return cpuFallback(Conv2DBackpropInput, args);
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return backend.runNative('Conv2DBackpropInput', [dy, filter], info.inShape, convAttrs(info));
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput, backendName: BACKEND_NAME, kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
