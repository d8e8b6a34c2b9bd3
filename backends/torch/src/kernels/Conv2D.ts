import { backend_util, Conv2D, type Conv2DAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { convGeom, torchKernel, type Shape4 } from '../kernel_utils.js';

// y = x ⋆ w (NHWC, HWIO); attrs: geometry
export const conv2DConfig: KernelConfig = torchKernel(Conv2D, ['x', 'filter'], ({ inputs, attrs }) => {
  const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DAttrs;
  if (a.dataFormat !== 'NHWC') return undefined;
  return convGeom(backend_util.computeConv2DInfo(x.shape as Shape4, filter.shape as Shape4, a.strides, a.dilations, a.pad, a.dimRoundingMode));
});
