// The fused masked SGD-momentum update (csrc/kernels/optim.cc), called by src/train/sgd.ts
// MaskedSgd when the active backend registers it:
//   v ← μ·v + (g + λ·w);  w ← w − η·v,  both ⊙ mask when given.
// SnipMaskedSgdMomentum: inputs {w, v, g, mask?, lr?}, attrs {lr, momentum, weightDecay}, outputs
// [newW, newV] (the native backend registers the same name and signature).
// SnipMaskedSgdMomentumMulti: every parameter in one call; inputs [w×n, v×n, g×n, masks..., lr?],
// attrs {lr, momentum, weightDecay, masked: 0/1 per variable, lrInput: 0/1}, outputs [newW×n, newV×n].
// A scalar tensor lr (the last input) replaces attrs.lr: it stays on the device, so a CUDA graph
// takes each iteration's rate without a re-capture.
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

export const SNIP_MASKED_SGD_MOMENTUM = 'SnipMaskedSgdMomentum';
export const SNIP_MASKED_SGD_MOMENTUM_MULTI = 'SnipMaskedSgdMomentumMulti';

interface SgdAttrs {
  lr: number;
  momentum: number;
  weightDecay: number;
  masked?: number[];
  lrInput?: number;
}

const sgdAttrs = (a: SgdAttrs) => [a.lr, a.momentum, a.weightDecay];

// csrc: lr, momentum, weightDecay, lrInput (the last input is the rate).
export const snipMaskedSgdMomentumConfig: KernelConfig = torchKernel(SNIP_MASKED_SGD_MOMENTUM, ['w', 'v', 'g', 'mask', 'lr'], ({ attrs, inputs }) =>
  [...sgdAttrs(attrs as unknown as SgdAttrs), inputs.lr == null ? 0 : 1]);

// csrc: lr, momentum, weightDecay, n, masked×n, lrInput.
export const snipMaskedSgdMomentumMultiConfig: KernelConfig = torchKernel(SNIP_MASKED_SGD_MOMENTUM_MULTI, 'list', ({ attrs }) => {
  const a = attrs as unknown as SgdAttrs;
  const masked = a.masked ?? [];
  return [...sgdAttrs(a), masked.length, ...masked, a.lrInput ?? 0];
});
