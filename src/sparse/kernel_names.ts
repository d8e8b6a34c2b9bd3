// Our own kernels (not in tfjs-core's kernel_names). A backend may register them; the ops in
// this folder fall back to tf ops where the active backend has not.
import * as tf from '@tensorflow/tfjs-core';

/** y = act(x·(w⊙mask) + bias); inputs {x [M×K], w [K×N], mask [K×N], bias? [N]}, attrs {activation}. */
export const SnipMaskedMatMul = 'SnipMaskedMatMul';
/** dx = dy·(w⊙mask)ᵀ; inputs {dy [M×N], w, mask}. */
export const SnipMaskedMatMulGradInput = 'SnipMaskedMatMulGradInput';
/** dw = (xᵀ·dy)⊙mask; inputs {x, dy, mask}. */
export const SnipMaskedMatMulGradFilter = 'SnipMaskedMatMulGradFilter';
/**
 * Fused SGD-momentum step: inputs {w, v, g, mask?}, attrs {lr, momentum, weightDecay},
 * outputs [w', v'] with v' = (μ·v + g + λ·w)·mask, w' = (w − η·v')·mask.
 */
export const SnipMaskedSgdMomentum = 'SnipMaskedSgdMomentum';

/** A fused layer's backward epilogue: inputs {dy, y} (y = relu output), outputs [dy·(y > 0), its column sums]. */
export const SnipReluBiasGrad = 'SnipReluBiasGrad';

/** True when the active backend registered `kernelName`. */
export function backendHasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/** NHWC act(conv2d(x, w⊙mask) + bias), HWIO filter; inputs {x, w, mask, bias?}, attrs SnipConvAttrs. */
export const SnipMaskedConv2D = 'SnipMaskedConv2D';
/** Its input gradient; inputs {dy, w, mask}, attrs SnipConvAttrs with inputShape. */
export const SnipMaskedConv2DGradInput = 'SnipMaskedConv2DGradInput';
/** Its filter gradient ⊙ mask; inputs {x, dy, mask}, attrs SnipConvAttrs. */
export const SnipMaskedConv2DGradFilter = 'SnipMaskedConv2DGradFilter';

/** What the sparse kernels fuse after the product. */
export interface FusedEpilogue {
  bias?: tf.Tensor1D;
  activation?: 'linear' | 'relu';
}

export interface SnipConvAttrs {
  activation?: 'linear' | 'relu'; // forward only
  strides: [number, number];
  pad: 'same' | 'valid';
  dilations: [number, number];
  inputShape?: number[];
}
