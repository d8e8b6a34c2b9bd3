import { FusedBatchNorm, util, type FusedBatchNormAttrs, type FusedBatchNormInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

type Inputs = Present<Pick<FusedBatchNormInputs, 'x' | 'mean' | 'variance'>> & Pick<FusedBatchNormInputs, 'offset' | 'scale'>;

// y = offset + (x − mean)·scale / √(variance + ε), parameters per channel (last axis) or scalar.
function fusedBatchNorm(args: KernelArgs<Inputs, FusedBatchNormAttrs>): TensorInfo {
  const { inputs: { x, mean, variance, offset, scale }, backend, attrs } = args;
  const channels = x.shape[x.shape.length - 1] ?? 1;
  const sizes = [mean, variance, offset, scale].map((t) => (t == null ? 1 : util.sizeFromShape(t.shape)));
  const ok = x.shape.length > 0 && sizes.every((s) => s === 1 || s === channels);
  if (!ok || !allFloat32(backend, x, mean, variance, offset, scale)) return cpuFallback(FusedBatchNorm, args);
  const rows = util.sizeFromShape(x.shape) / channels;
  const params = [x, mean, variance, ...(offset == null ? [] : [offset]), ...(scale == null ? [] : [scale])];
  const attrList = [rows, channels, attrs.varianceEpsilon ?? 0.001, offset == null ? 0 : 1, scale == null ? 0 : 1, ...sizes];
  return backend.runNative('FusedBatchNorm', params, x.shape, attrList);
}

export const fusedBatchNormConfig: KernelConfig = {
  kernelName: FusedBatchNorm, backendName: BACKEND_NAME, kernelFunc: fusedBatchNorm as unknown as KernelFunc,
};
