import { backend_util, Conv2D, type Conv2DAttrs, type Conv2DInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, convAttrs, convOutShape, cpuFallback, poolsAfter, type KernelArgs, type Present } from '../kernel_utils.js';
import { maxPool2x2After } from './MaxPool.js';

function conv2D(args: KernelArgs<Present<Conv2DInputs>, Conv2DAttrs>): TensorInfo {
  const { inputs: { x, filter }, backend, attrs } = args;
  const pool = poolsAfter(attrs);
  if (attrs.dataFormat !== 'NHWC' || !allFloat32(backend, x, filter)) {
    return pool ? maxPool2x2After(backend, cpuFallback(Conv2D, args)) : cpuFallback(Conv2D, args);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode);
  // geometry, activation (linear), alpha, hasBias, pool
  return backend.runNative('Conv2D', [x, filter], convOutShape(info.outShape, pool), [...convAttrs(info), 0, 0, 0, pool ? 1 : 0]);
}

export const conv2DConfig: KernelConfig = { kernelName: Conv2D, backendName: BACKEND_NAME, kernelFunc: conv2D as unknown as KernelFunc };
