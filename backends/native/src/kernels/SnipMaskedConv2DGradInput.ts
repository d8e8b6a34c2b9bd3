import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import type { KernelArgs } from '../kernel_utils.js';
import { runMaskedConv, SNIP_MASKED_CONV2D_GRAD_INPUT, type SnipConvAttrs } from './SnipMaskedConv2D.js';

// dx = conv2d's input gradient through w ⊙ mask, over the kept filter taps only.
function snipMaskedConv2DGradInput({ inputs: { dy, w, mask }, backend, attrs }: KernelArgs<{ dy: TensorInfo; w: TensorInfo; mask: TensorInfo }, SnipConvAttrs>): TensorInfo {
  const xShape = attrs.inputShape;
  if (xShape === undefined) throw new Error(`native ${SNIP_MASKED_CONV2D_GRAD_INPUT}: attrs.inputShape is required`);
  return runMaskedConv(SNIP_MASKED_CONV2D_GRAD_INPUT, backend, dy, w, mask, xShape, attrs, xShape);
}

export const snipMaskedConv2DGradInputConfig: KernelConfig = { kernelName: SNIP_MASKED_CONV2D_GRAD_INPUT, backendName: BACKEND_NAME, kernelFunc: snipMaskedConv2DGradInput as unknown as KernelFunc };
