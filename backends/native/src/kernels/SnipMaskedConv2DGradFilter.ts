import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import type { KernelArgs } from '../kernel_utils.js';
import { runMaskedConv, SNIP_MASKED_CONV2D_GRAD_FILTER, type SnipConvAttrs } from './SnipMaskedConv2D.js';

// dw = conv2d's filter gradient ⊙ mask: one dot product over every image's pixels per kept tap.
function snipMaskedConv2DGradFilter({ inputs: { x, dy, mask }, backend, attrs }: KernelArgs<{ x: TensorInfo; dy: TensorInfo; mask: TensorInfo }, SnipConvAttrs>): TensorInfo {
  return runMaskedConv(SNIP_MASKED_CONV2D_GRAD_FILTER, backend, x, dy, mask, x.shape, attrs, mask.shape);
}

export const snipMaskedConv2DGradFilterConfig: KernelConfig = { kernelName: SNIP_MASKED_CONV2D_GRAD_FILTER, backendName: BACKEND_NAME, kernelFunc: snipMaskedConv2DGradFilter as unknown as KernelFunc };
