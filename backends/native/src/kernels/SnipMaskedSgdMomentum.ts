import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';

// The fused update the training loop's MaskedSgd uses when a backend registers it (src/sparse/kernel_names.ts).
export const SNIP_MASKED_SGD_MOMENTUM = 'SnipMaskedSgdMomentum';

type Inputs = { w: TensorInfo; v: TensorInfo; g: TensorInfo; mask?: TensorInfo | null };
type Attrs = { lr: number; momentum: number; weightDecay: number };

// v' = (μ·v + g + λ·w)·mask;  w' = (w − η·v')·mask  →  [w', v']
function snipMaskedSgdMomentum({ inputs: { w, v, g, mask }, backend, attrs }: KernelArgs<Inputs, Attrs>): TensorInfo[] {
  requireFloat32(SNIP_MASKED_SGD_MOMENTUM, w, v, g);
  const ins = [w, v, g, ...(mask == null ? [] : [mask])].map((t) => float32Values(backend, t));
  return backend.runNativeArrays(SNIP_MASKED_SGD_MOMENTUM, ins, [w.shape, w.shape], [attrs.lr, attrs.momentum, attrs.weightDecay]);
}

export const snipMaskedSgdMomentumConfig: KernelConfig = { kernelName: SNIP_MASKED_SGD_MOMENTUM, backendName: BACKEND_NAME, kernelFunc: snipMaskedSgdMomentum as unknown as KernelFunc };
