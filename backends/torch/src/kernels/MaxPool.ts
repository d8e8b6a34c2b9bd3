import { backend_util, MaxPool, type MaxPoolAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { poolGeom, torchKernel, type Shape4 } from '../kernel_utils.js';

// attrs: filter, strides, pads
export const maxPoolConfig: KernelConfig = torchKernel(MaxPool, ['x'], ({ inputs, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const a = attrs as unknown as MaxPoolAttrs;
  return poolGeom(backend_util.computePool2DInfo(x.shape as Shape4, a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode));
});
