import { backend_util, Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { convGeom, torchKernel, type Shape4 } from '../kernel_utils.js';

// dw = ∂(x ⋆ w)/∂w · dy; attrs: filter height, width, in, out channels, geometry
export const conv2DBackpropFilterConfig: KernelConfig = torchKernel(Conv2DBackpropFilter, ['x', 'dy'], ({ inputs, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (a.dataFormat !== 'NHWC') return undefined;
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode);
  return [...a.filterShape, ...convGeom(info)];
});
