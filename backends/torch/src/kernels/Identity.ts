// Identity shares its input's tensor (tensors are never written in place), as tfjs-backend-cpu
// does: TF.js clones every tensor it saves for the backward pass (~460 Identity calls per VGG-D
// training step), and these now cost no addon call.
import { Identity, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_torch.js';
import type { KernelArgs } from '../kernel_utils.js';

/** A new reference to `x`'s tensor. */
export function shareInput({ inputs, backend }: KernelArgs<{ x: TensorInfo }, unknown>): TensorInfo {
  backend.incRef(inputs.x.dataId);
  return { dataId: inputs.x.dataId, shape: inputs.x.shape, dtype: inputs.x.dtype };
}

export const identityConfig: KernelConfig = { kernelName: Identity, backendName: BACKEND_NAME, kernelFunc: shareInput as unknown as KernelFunc };
