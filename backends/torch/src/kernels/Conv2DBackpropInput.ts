import { backend_util, Conv2DBackpropInput, type Conv2DBackpropInputAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { convGeom, torchKernel, type Shape4 } from '../kernel_utils.js';

// dx = ∂(x ⋆ w)/∂x · dy; attrs: input N, H, W, C, geometry
export const conv2DBackpropInputConfig: KernelConfig = torchKernel(Conv2DBackpropInput, ['dy', 'filter'], ({ inputs, attrs }) => {
  const { filter } = inputs as { filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  if (a.dataFormat !== 'NHWC') return undefined;
  const info = backend_util.computeConv2DInfo(a.inputShape, filter.shape as Shape4, a.strides, 1, a.pad, a.dimRoundingMode);
  return [...a.inputShape, ...convGeom(info)];
});
