// FusedBatchNorm's gradient as one kernel. tfjs-core registers the gradient of each kernel once
// for every backend and computes this one with ~25 ops (×15 batch norms in a VGG-D step); this
// wraps it so that, where the active backend registers SnipFusedBatchNormGrad, the backward pass
// runs that kernel instead, and every other backend keeps tfjs-core's gradient unchanged.
import { engine, FusedBatchNorm, getBackend, getGradient, getKernel, registerGradient, type FusedBatchNormAttrs, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

export const FUSED_BATCH_NORM_GRAD = 'SnipFusedBatchNormGrad';

/** in: dy, x, mean, variance, [scale]; attrs: varianceEpsilon, hasScale; out: dx, dmean, dvariance, dscale, doffset. */
export const fusedBatchNormGradConfig = torchKernel(FUSED_BATCH_NORM_GRAD, ['dy', 'x', 'mean', 'variance', 'scale'], ({ inputs, attrs }) =>
  [attrs.varianceEpsilon as number, inputs.scale == null ? 0 : 1]);

let wrapped = false;

/** Routes FusedBatchNorm's gradient through SnipFusedBatchNormGrad on backends that have it (once). */
export function useFusedBatchNormGrad(): void {
  if (wrapped) return;
  wrapped = true;
  const original = getGradient(FusedBatchNorm);
  registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved as (Tensor | undefined)[];
      const perChannel = (t: Tensor | undefined) => t == null || (t.rank === 1 && t.shape[0] === x!.shape[x!.rank - 1]);
      const fused = getKernel(FUSED_BATCH_NORM_GRAD, getBackend()) !== undefined && perChannel(mean) && perChannel(variance) && perChannel(scale);
      if (!fused) return original.gradFunc(dy, saved, attrs);
      const inputs = { dy: dy as Tensor, x: x!, mean: mean!, variance: variance!, ...(scale ? { scale } : {}) };
      const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
      const [dx, dmean, dvariance, dscale, doffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, { varianceEpsilon }) as Tensor[];
      return { x: () => dx!, mean: () => dmean!, variance: () => dvariance!, scale: () => dscale!, offset: () => doffset! };
    },
  } as GradConfig);
}
