// Conv2DBackpropFilter for wasm (missing from the stock backend), written as one stock Conv2D:
//   dW[i,j,c,o] = Σ_{n,p,q} x[n, p·s + i − pt, q·s + j − pl, c] · dy[n,p,q,o]
// is a correlation of x' = x as [C,H,W,N] with the "filter" dy' = dy as [oh,ow,N,CO] at
// dilation s and stride 1, whose output [C,fh,fw,CO] transposes to [fh,fw,C,CO].
import { backend_util, Conv2D, Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { disposeAll, runStock } from '../kernel_utils.js';

type Pads = [[number, number], [number, number], [number, number], [number, number]];

/** Explicit pads of the correlation and how many output rows/cols it yields (≥ fh, fw). */
export function filterGradPlanImpl(conv: backend_util.Conv2DInfo): { pads: Pads; outH: number; outW: number } {
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, padInfo } = conv;
  const bottom = Math.max(0, conv.filterHeight + (outHeight - 1) * strideHeight - inHeight - padInfo.top);
  const right = Math.max(0, conv.filterWidth + (outWidth - 1) * strideWidth - inWidth - padInfo.left);
  return {
    pads: [[0, 0], [padInfo.top, bottom], [padInfo.left, right], [0, 0]],
    outH: inHeight + padInfo.top + bottom - (outHeight - 1) * strideHeight,
    outW: inWidth + padInfo.left + right - (outWidth - 1) * strideWidth,
  };
}

function conv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: KernelBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  const format = backend_util.convertConv2DDataFormat(attrs.dataFormat);
  if (format !== 'channelsLast') throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${attrs.dataFormat}`);
  const conv = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode, false, format);
  const plan = filterGradPlanImpl(conv);
  const xT = runStock('Transpose', backend, { x }, { perm: [3, 1, 2, 0] });
  const dyT = runStock('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] });
  const corr = runStock(Conv2D, backend, { x: xT, filter: dyT }, {
    strides: [1, 1], pad: plan.pads, dataFormat: 'NHWC',
    dilations: [conv.strideHeight, conv.strideWidth],
  });
  disposeAll(backend, xT, dyT);
  let cropped = corr;
  if (plan.outH !== conv.filterHeight || plan.outW !== conv.filterWidth) {
    cropped = runStock('Slice', backend, { x: corr }, {
      begin: [0, 0, 0, 0], size: [conv.inChannels, conv.filterHeight, conv.filterWidth, conv.outChannels],
    });
    disposeAll(backend, corr);
  }
  const dW = runStock('Transpose', backend, { x: cropped }, { perm: [1, 2, 0, 3] });
  disposeAll(backend, cropped);
  return dW;
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
