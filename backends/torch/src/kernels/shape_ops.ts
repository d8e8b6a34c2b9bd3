// Kernels that move values: views where ATen allows (csrc/kernels/shape.cc).
import * as k from '@tensorflow/tfjs-core';
import { backend_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { DTYPE_CODES, listInputs, torchKernel, type KernelArgs } from '../kernel_utils.js';
import { shareInput } from './Identity.js';

type X = { x: TensorInfo };

const castOnAddon = torchKernel(k.Cast, ['x'], ({ attrs }) => {
  const code = DTYPE_CODES[attrs.dtype as string];
  return code === undefined ? undefined : [code];
});

/** A cast to the dtype the tensor has already shares it (moments() casts every BN input). */
const castConfig: KernelConfig = {
  ...castOnAddon,
  kernelFunc: ((args: KernelArgs<X, { dtype: string }>) =>
    args.attrs.dtype === args.inputs.x.dtype ? shareInput(args) : castOnAddon.kernelFunc(args as never)) as unknown as KernelFunc,
};

export const shapeConfigs: readonly KernelConfig[] = [
  torchKernel(k.AddN, 'list'),
  castConfig,
  torchKernel(k.Concat, 'list', ({ inputs, attrs }) => [util.parseAxisParam(attrs.axis as number, listInputs(inputs)[0]!.shape)[0]!]),
  torchKernel(k.GatherV2, ['x', 'indices'], ({ inputs, attrs }) => {
    const { x } = inputs as X;
    if ((attrs.batchDims as number | undefined ?? 0) !== 0) return undefined;
    return [util.parseAxisParam(attrs.axis as number, x.shape)[0]!];
  }),
  torchKernel(k.Pack, 'list', ({ inputs, attrs }) => [util.parseAxisParam(attrs.axis as number, [...listInputs(inputs)[0]!.shape, 1])[0]!]),
  torchKernel(k.PadV2, ['x'], ({ attrs }) => [attrs.constantValue as number, ...(attrs.paddings as number[][]).flat()]),
  torchKernel(k.Reshape, ['x'], ({ inputs, attrs }) => util.inferFromImplicitShape(attrs.shape as number[], util.sizeFromShape((inputs as X).x.shape))),
  torchKernel(k.Reverse, ['x'], ({ inputs, attrs }) => util.parseAxisParam(attrs.dims as number[], (inputs as X).x.shape)),
  torchKernel(k.Select, ['condition', 't', 'e']),
  torchKernel(k.Slice, ['x'], ({ inputs, attrs }) => {
    const [begin, size] = backend_util.slice_util.parseSliceParams((inputs as X).x, attrs.begin as number[], attrs.size as number[]);
    return [...begin!, ...size!];
  }),
  torchKernel(k.SplitV, ['x'], ({ inputs, attrs }) => {
    const { x } = inputs as X;
    const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0]!;
    return [axis, ...backend_util.prepareSplitSize(x, attrs.numOrSizeSplits as number[], axis)];
  }),
  torchKernel(k.Tile, ['x'], ({ attrs }) => attrs.reps as number[]),
  torchKernel(k.Transpose, ['x'], ({ attrs }) => attrs.perm as number[]),
  torchKernel(k.Unpack, ['value'], ({ inputs, attrs }) => [util.parseAxisParam(attrs.axis as number, (inputs as { value: TensorInfo }).value.shape)[0]!]),
];
