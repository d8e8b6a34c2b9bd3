// Conv2DBackpropInput for wasm: the stock kernel is a naive loop (~2.4 GFLOP/s). The input
// gradient is a stride-1 correlation of dy (dilated by the stride, zero-padded) with the filter
// flipped in space and transposed to [fh,fw,CO,CI]:
//   dx[n,i,j,c] = Σ_{a,b,o} dyPad[n, i + a, j + b, o] · W[fh−1−a, fw−1−b, c, o]
// so it runs as one stock (XNNPACK) Conv2D. Shapes it cannot express fall back to the stock kernel.
import { backend_util, Conv2D, Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { disposeAll, runStock } from '../kernel_utils.js';

interface InputGradPlan {
  pads: [[number, number], [number, number], [number, number], [number, number]];
  crop: boolean; // the correlation yields more rows/cols than the input had
}

/** Pads for the correlation of dy dilated to [N, oh·sh, ow·sw, CO]; null if pads would be negative. */
export function inputGradPlanImpl(conv: backend_util.Conv2DInfo): InputGradPlan | null {
  const top = conv.filterHeight - 1 - conv.padInfo.top;
  const left = conv.filterWidth - 1 - conv.padInfo.left;
  if (top < 0 || left < 0) return null;
  const bottom = conv.inHeight + conv.filterHeight - 1 - top - conv.outHeight * conv.strideHeight;
  const right = conv.inWidth + conv.filterWidth - 1 - left - conv.outWidth * conv.strideWidth;
  return {
    pads: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
    crop: bottom < 0 || right < 0,
  };
}

/** Inserts stride−1 zeros after every row and column of x [N,H,W,C] → [N, H·sh, W·sw, C]. */
function dilateImpl(backend: KernelBackend, x: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const cols = runStock('Reshape', backend, { x }, { shape: [n * h, w, 1, c] });
  const colsPad = runStock('PadV2', backend, { x: cols }, { paddings: [[0, 0], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  const rows = runStock('Reshape', backend, { x: colsPad }, { shape: [n, h, 1, w * sw * c] });
  const rowsPad = runStock('PadV2', backend, { x: rows }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0]], constantValue: 0 });
  const out = runStock('Reshape', backend, { x: rowsPad }, { shape: [n, h * sh, w * sw, c] });
  disposeAll(backend, cols, colsPad, rows, rowsPad);
  return out;
}

function conv2DBackpropInput(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: KernelBackend;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  const format = backend_util.convertConv2DDataFormat(attrs.dataFormat);
  const conv = backend_util.computeConv2DInfo(
    attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1,
    attrs.pad, attrs.dimRoundingMode, false, format);
  const plan = format === 'channelsLast' ? inputGradPlanImpl(conv) : null;
  if (plan === null) return runStock(Conv2DBackpropInput, backend, { dy, filter }, attrs);
  const strided = conv.strideHeight > 1 || conv.strideWidth > 1;
  const dyD = strided ? dilateImpl(backend, dy, conv.strideHeight, conv.strideWidth) : dy;
  const flipped = runStock('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const wT = runStock('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] });
  const corr = runStock(Conv2D, backend, { x: dyD, filter: wT }, {
    strides: [1, 1], pad: plan.pads, dataFormat: 'NHWC', dilations: [1, 1],
  });
  disposeAll(backend, flipped, wT);
  if (dyD !== dy) disposeAll(backend, dyD);
  if (!plan.crop) return corr;
  const dx = runStock('Slice', backend, { x: corr }, { begin: [0, 0, 0, 0], size: attrs.inputShape });
  disposeAll(backend, corr);
  return dx;
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
