// FusedConv2D for wasm: the stock kernel, with SAME padding passed as explicit pads (see Conv2D.ts).
import { FusedConv2D } from '@tensorflow/tfjs-core';
import type {
  FusedConv2DAttrs,
  FusedConv2DInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { explicitSameImpl, runStock } from '../kernel_utils.js';

function fusedConv2d(args: { inputs: FusedConv2DInputs; backend: KernelBackend; attrs: FusedConv2DAttrs }): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  return runStock(FusedConv2D, args.backend, { ...args.inputs }, explicitSameImpl(x.shape, filter.shape, args.attrs));
}

export const fusedConv2DConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'wasm',
  kernelFunc: fusedConv2d as unknown as KernelFunc,
};
