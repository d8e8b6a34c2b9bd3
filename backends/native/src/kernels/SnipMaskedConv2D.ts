import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from '../backend_native.js';
import { convAttrs, requireFloat32, type KernelArgs } from '../kernel_utils.js';
import { patternOf } from '../sparse_pattern.js';

// Kernel names, inputs and attrs of src/sparse/kernel_names.ts (backends do not import src/).
export const SNIP_MASKED_CONV2D = 'SnipMaskedConv2D';
export const SNIP_MASKED_CONV2D_GRAD_INPUT = 'SnipMaskedConv2DGradInput';
export const SNIP_MASKED_CONV2D_GRAD_FILTER = 'SnipMaskedConv2DGradFilter';

/** NHWC, HWIO filter; `inputShape` only for the input gradient. */
export interface SnipConvAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  dilations: [number, number];
  inputShape?: number[];
}

type Shape4 = [number, number, number, number];

/** Runs one of the three masked-conv kernels: a, b are (x, w), (dy, w) or (x, dy). */
export function runMaskedConv(name: string, backend: NativeBackend, a: TensorInfo, b: TensorInfo, mask: TensorInfo,
  xShape: number[], attrs: SnipConvAttrs, outShape: number[]): TensorInfo {
  requireFloat32(name, backend, a, b);
  const info = backend_util.computeConv2DInfo(xShape as Shape4, mask.shape as Shape4, attrs.strides, attrs.dilations, attrs.pad);
  const ins = [backend.floats(a), backend.floats(b), patternOf(backend, mask)];
  return backend.runNativeArrays(name, ins, [outShape], convAttrs(info))[0]!;
}

// y = conv2d(x, w ⊙ mask), over the kept filter taps only.
function snipMaskedConv2D({ inputs: { x, w, mask }, backend, attrs }: KernelArgs<{ x: TensorInfo; w: TensorInfo; mask: TensorInfo }, SnipConvAttrs>): TensorInfo {
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, w.shape as Shape4, attrs.strides, attrs.dilations, attrs.pad);
  return runMaskedConv(SNIP_MASKED_CONV2D, backend, x, w, mask, x.shape, attrs, info.outShape);
}

export const snipMaskedConv2DConfig: KernelConfig = { kernelName: SNIP_MASKED_CONV2D, backendName: BACKEND_NAME, kernelFunc: snipMaskedConv2D as unknown as KernelFunc };
