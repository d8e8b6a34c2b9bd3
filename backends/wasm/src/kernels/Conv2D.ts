// Conv2D for wasm: the stock kernel, with SAME padding passed as explicit pads (works around
// zeros from its TF-SAME path for some shapes; see explicitSameImpl).
import { Conv2D } from '@tensorflow/tfjs-core';
import type { Conv2DAttrs, Conv2DInputs, KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { explicitSameImpl, runStock } from '../kernel_utils.js';

function conv2d(args: { inputs: Conv2DInputs; backend: KernelBackend; attrs: Conv2DAttrs }): TensorInfo {
  const x = args.inputs.x as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  return runStock(Conv2D, args.backend, { x, filter }, explicitSameImpl(x.shape, filter.shape, args.attrs));
}

export const conv2DConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'wasm',
  kernelFunc: conv2d as unknown as KernelFunc,
};
