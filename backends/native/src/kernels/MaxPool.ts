import { backend_util, MaxPool, type KernelConfig, type KernelFunc, type MaxPoolAttrs, type MaxPoolInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from '../backend_native.js';
import { allFloat32, convAttrs, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

function maxPool(args: KernelArgs<Present<MaxPoolInputs>, MaxPoolAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  if (x.shape.length !== 4 || !allFloat32(backend, x)) return cpuFallback(MaxPool, args);
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  return backend.runNative('MaxPool', [x], info.outShape, convAttrs(info));
}

/** The 2×2 stride-2 valid max pool of `t`, which is disposed (a fused convolution's cpu fallback). */
export function maxPool2x2After(backend: NativeBackend, t: TensorInfo): TensorInfo {
  const out = maxPool({ inputs: { x: t }, backend, attrs: { filterSize: 2, strides: 2, pad: 'valid', dimRoundingMode: undefined } } as KernelArgs<Present<MaxPoolInputs>, MaxPoolAttrs>);
  backend.disposeData(t.dataId);
  return out;
}

export const maxPoolConfig: KernelConfig = { kernelName: MaxPool, backendName: BACKEND_NAME, kernelFunc: maxPool as unknown as KernelFunc };
