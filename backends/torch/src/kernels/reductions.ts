// Reductions (attrs: keepDims, then the axes), ArgMax/ArgMin and Softmax (csrc/kernels/reduce.cc).
import * as k from '@tensorflow/tfjs-core';
import { util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

/** A reduction whose axes come in attribute `axisAttr`. */
function reduction(name: string, axisAttr: string): KernelConfig {
  return torchKernel(name, ['x'], ({ inputs, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const axes = util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
    return [attrs.keepDims ? 1 : 0, ...axes];
  });
}

function argReduction(name: string): KernelConfig {
  return torchKernel(name, ['x'], ({ inputs, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    return [util.parseAxisParam(attrs.axis as number, x.shape)[0]!];
  });
}

export const reductionConfigs: readonly KernelConfig[] = [
  reduction(k.All, 'axis'),
  reduction(k.Any, 'axis'),
  argReduction(k.ArgMax),
  argReduction(k.ArgMin),
  reduction(k.Max, 'reductionIndices'),
  reduction(k.Mean, 'axis'),
  reduction(k.Min, 'axis'),
  reduction(k.Prod, 'axis'),
  torchKernel(k.Softmax, ['logits'], ({ inputs, attrs }) => {
    const { logits } = inputs as { logits: TensorInfo };
    return [util.parseAxisParam(attrs.dim as number, logits.shape)[0]!];
  }),
  reduction(k.Sum, 'axis'),
];
