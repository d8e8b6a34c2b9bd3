import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from '../backend_native.js';
import { convAttrs, convOutShape, float32Values, poolsAfter, requireFloat32, type KernelArgs } from '../kernel_utils.js';
import { patternOf } from '../sparse_pattern.js';
import { fusedActivationId } from './SnipMaskedMatMul.js';

// Kernel names, inputs and attrs of src/sparse/kernel_names.ts (backends do not import src/).
export const SNIP_MASKED_CONV2D = 'SnipMaskedConv2D';
export const SNIP_MASKED_CONV2D_GRAD_INPUT = 'SnipMaskedConv2DGradInput';
export const SNIP_MASKED_CONV2D_GRAD_FILTER = 'SnipMaskedConv2DGradFilter';

/** NHWC, HWIO filter; `inputShape` only for the input gradient. */
export interface SnipConvAttrs {
  activation?: string; // forward only: 'linear' (default) or 'relu'
  strides: [number, number];
  pad: 'same' | 'valid';
  dilations: [number, number];
  inputShape?: number[];
}

type Shape4 = [number, number, number, number];

/** Runs one of the three masked-conv kernels: a, b are (x, w), (dy, w) or (x, dy); `extra` is the forward's bias. */
export function runMaskedConv(name: string, backend: NativeBackend, a: TensorInfo, b: TensorInfo, mask: TensorInfo,
  xShape: number[], attrs: SnipConvAttrs, outShape: number[], extra: TensorInfo[] = [], extraAttrs: number[] = []): TensorInfo {
  requireFloat32(name, a, b, ...extra);
  const info = backend_util.computeConv2DInfo(xShape as Shape4, mask.shape as Shape4, attrs.strides, attrs.dilations, attrs.pad);
  const ins = [float32Values(backend, a), float32Values(backend, b), patternOf(backend, mask), ...extra.map((t) => float32Values(backend, t))];
  return backend.runNativeArrays(name, ins, [outShape], [...convAttrs(info), ...extraAttrs])[0]!;
}

type Inputs = { x: TensorInfo; w: TensorInfo; mask: TensorInfo; bias?: TensorInfo | null };

// y = act(conv2d(x, w ⊙ mask) + bias), over the kept filter taps only.
// Max-pooled 2×2 when a step's replay fused it with the pool after it.
function snipMaskedConv2D({ inputs: { x, w, mask, bias }, backend, attrs }: KernelArgs<Inputs, SnipConvAttrs>): TensorInfo {
  const info = backend_util.computeConv2DInfo(x.shape as Shape4, w.shape as Shape4, attrs.strides, attrs.dilations, attrs.pad);
  const pool = poolsAfter(attrs);
  return runMaskedConv(SNIP_MASKED_CONV2D, backend, x, w, mask, x.shape, attrs, convOutShape(info.outShape, pool),
    bias == null ? [] : [bias], [fusedActivationId(attrs.activation), pool ? 1 : 0]);
}

export const snipMaskedConv2DConfig: KernelConfig = { kernelName: SNIP_MASKED_CONV2D, backendName: BACKEND_NAME, kernelFunc: snipMaskedConv2D as unknown as KernelFunc };
