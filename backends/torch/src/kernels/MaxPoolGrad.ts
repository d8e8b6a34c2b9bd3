import { backend_util, MaxPoolGrad, type MaxPoolGradAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { poolGeom, torchKernel, type Shape4 } from '../kernel_utils.js';

// in: dy, x; attrs: filter, strides, pads
export const maxPoolGradConfig: KernelConfig = torchKernel(MaxPoolGrad, ['dy', 'input'], ({ inputs, attrs }) => {
  const { input } = inputs as { input: TensorInfo };
  const a = attrs as unknown as MaxPoolGradAttrs;
  return poolGeom(backend_util.computePool2DInfo(input.shape as Shape4, a.filterSize, a.strides, 1, a.pad));
});
