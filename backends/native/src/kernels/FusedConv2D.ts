import { backend_util, FusedConv2D, util, type FusedConv2DAttrs, type FusedConv2DInputs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { activationId, allFloat32, convAttrs, convOutShape, cpuFallback, poolsAfter, type KernelArgs, type Present } from '../kernel_utils.js';
import { maxPool2x2After } from './MaxPool.js';

// y = act(conv2d(x, W) + bias), bias one value per output channel; max-pooled 2×2 when fused with a pool.
function fusedConv2D(args: KernelArgs<Present<Pick<FusedConv2DInputs, 'x' | 'filter'>> & Pick<FusedConv2DInputs, 'bias'>, FusedConv2DAttrs>): TensorInfo {
  const { inputs: { x, filter, bias }, backend, attrs } = args;
  const act = activationId(attrs.activation);
  const outC = filter.shape[3];
  const biasOk = bias == null || util.sizeFromShape(bias.shape) === outC;
  const pool = poolsAfter(attrs);
  if (attrs.dataFormat !== 'NHWC' || act === undefined || !biasOk || !allFloat32(backend, x, filter, bias)) {
    return pool ? maxPool2x2After(backend, cpuFallback(FusedConv2D, args)) : cpuFallback(FusedConv2D, args);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filter.shape as [number, number, number, number],
    attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode);
  const inputs = bias == null ? [x, filter] : [x, filter, bias];
  const attrList = [...convAttrs(info), act, attrs.leakyreluAlpha ?? 0.2, bias == null ? 0 : 1, pool ? 1 : 0];
  return backend.runNative('FusedConv2D', inputs, convOutShape(info.outShape, pool), attrList);
}

export const fusedConv2DConfig: KernelConfig = { kernelName: FusedConv2D, backendName: BACKEND_NAME, kernelFunc: fusedConv2D as unknown as KernelFunc };
