// FusedBatchNorm's gradient as one kernel (csrc/kernels/norm.cc), which backends/fused_gradients.ts
// calls in place of tfjs-core's ~25-op gradient where the torch backend is active.
import { FUSED_BATCH_NORM_GRAD } from '../../../fused_gradients.js';
import { torchKernel } from '../kernel_utils.js';

/** in: dy, x, mean, variance, [scale]; attrs: varianceEpsilon, hasScale; out: dx, dmean, dvariance, dscale, doffset. */
export const fusedBatchNormGradConfig = torchKernel(FUSED_BATCH_NORM_GRAD, ['dy', 'x', 'mean', 'variance', 'scale'], ({ inputs, attrs }) =>
  [attrs.varianceEpsilon as number, inputs.scale == null ? 0 : 1]);
