// tfjs-core registers each kernel's gradient once for every backend, composed of other kernels
// (FusedBatchNorm's of ~25, Relu's of Step, Cast and Multiply). Where the active backend
// registers a kernel that computes the gradient in one call, the wrapped gradient calls it;
// every other backend keeps tfjs-core's gradient unchanged. Shared by the native and torch
// backends: each registers the kernels it has and calls useFusedGradients.
import { engine, FusedBatchNorm, getBackend, getGradient, getKernel, registerGradient, Relu, type FusedBatchNormAttrs, type GradConfig, type NamedAttrMap, type Tensor } from '@tensorflow/tfjs-core';

/** in: dy, x, mean, variance, [scale]; attrs: varianceEpsilon; out: dx, dmean, dvariance, dscale, doffset (per-channel statistics). */
export const FUSED_BATCH_NORM_GRAD = 'SnipFusedBatchNormGrad';
/** in: dy, x; out: dy where x > 0, else 0. */
export const RELU_GRAD = 'SnipReluGrad';

type Grads = Record<string, () => Tensor>;
type FusedGrad = (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => Grads | undefined;

const routed = new Set<string>();

/**
 * Wraps `kernelName`'s gradient: `fused` computes it where the backend has `fusedKernel` (and does
 * not decline with undefined). Once per kernel, and only once tfjs-core's gradients are registered
 * (tfjs-layers registers them on import; before that there is nothing to wrap).
 */
function routeGradient(kernelName: string, fusedKernel: string, fused: FusedGrad): void {
  const original = getGradient(kernelName);
  if (routed.has(kernelName) || original === undefined) return;
  routed.add(kernelName);
  registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) =>
      (getKernel(fusedKernel, getBackend()) !== undefined ? fused(dy, saved, attrs) : undefined) ?? original.gradFunc(dy, saved, attrs),
  } as GradConfig);
}

/** FusedBatchNorm's gradient as SnipFusedBatchNormGrad (per-channel statistics only). */
function fusedBatchNormGrad(dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap): Grads | undefined {
  const [x, mean, variance, scale] = saved as (Tensor | undefined)[];
  const perChannel = (t: Tensor | undefined) => t == null || (t.rank === 1 && t.shape[0] === x!.shape[x!.rank - 1]);
  if (!(perChannel(mean) && perChannel(variance) && perChannel(scale))) return undefined;
  const inputs = { dy: dy as Tensor, x: x!, mean: mean!, variance: variance!, ...(scale ? { scale } : {}) };
  const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
  const [dx, dmean, dvariance, dscale, doffset] = engine().runKernel(FUSED_BATCH_NORM_GRAD, inputs, { varianceEpsilon }) as Tensor[];
  return { x: () => dx!, mean: () => dmean!, variance: () => dvariance!, scale: () => dscale!, offset: () => doffset! };
}

/** Relu's gradient, dy where x > 0 and 0 elsewhere, in one pass instead of Step, Cast and Multiply. */
function reluGrad(dy: Tensor | Tensor[], saved: Tensor[]): Grads | undefined {
  const [x] = saved;
  if (x!.dtype !== 'float32') return undefined;
  return { x: () => engine().runKernel(RELU_GRAD, { dy: dy as Tensor, x: x! }) as Tensor };
}

/** Routes the gradients above through the active backend's kernels where it has them (safe to call more than once). */
export function useFusedGradients(): void {
  routeGradient(FusedBatchNorm, FUSED_BATCH_NORM_GRAD, fusedBatchNormGrad);
  routeGradient(Relu, RELU_GRAD, reluGrad);
}
