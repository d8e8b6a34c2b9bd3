import { backend_util, FusedConv2D, type FusedConv2DAttrs, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { activationId, convGeom, torchKernel, type Shape4 } from '../kernel_utils.js';

// y = act(x ⋆ w + bias); attrs: geometry, activation, leakyAlpha, hasBias, hasPrelu
export const fusedConv2DConfig: KernelConfig = torchKernel(FusedConv2D, ['x', 'filter', 'bias', 'preluActivationWeights'], ({ inputs, attrs }) => {
  const { x, filter, bias, preluActivationWeights } = inputs as Record<string, TensorInfo | undefined>;
  const a = attrs as unknown as FusedConv2DAttrs;
  if (a.dataFormat !== 'NHWC') return undefined;
  const info = backend_util.computeConv2DInfo(x!.shape as Shape4, filter!.shape as Shape4, a.strides, a.dilations, a.pad, a.dimRoundingMode);
  return [...convGeom(info), activationId(a.activation), a.leakyreluAlpha ?? 0.2, bias == null ? 0 : 1, preluActivationWeights == null ? 0 : 1];
});
