// FusedBatchNorm: y = (x − mean) · scale / √(variance + ε) + offset (Ioffe & Szegedy 2015, Alg. 1),
// and its gradient in one kernel (SnipFusedBatchNormGrad) instead of tfjs-core's ~25 ops.
#include <numeric>

#include "../kernels.h"

namespace snip_torch {
namespace {

// in: x, mean, variance, [offset], [scale]; attrs: varianceEpsilon, hasOffset, hasScale
Tensors fusedBatchNorm(const Tensors& in, const Attrs& a) {
  bool hasOffset = a.i(1) != 0, hasScale = a.i(2) != 0;
  at::Tensor inv = at::rsqrt(in[2] + a[0]);
  if (hasScale) inv = inv * in[hasOffset ? 4 : 3];
  at::Tensor y = (in[0] - in[1]) * inv;
  return {hasOffset ? y + in[3] : y};
}

// in: dy, x, mean, variance, [scale] (mean, variance, scale over the last axis of x);
// attrs: varianceEpsilon, hasScale. out: dx, dmean, dvariance, dscale, doffset, with r = 1/√(v + ε):
//   dx = dy·r·s;  dmean = Σ −r·dy·s;  dvariance = Σ −½r³·(x − mean)·dy·s;  dscale = Σ dy·(x − mean)·r;
//   doffset = Σ dy, sums over every axis but the last, each product in tfjs-core's order.
Tensors fusedBatchNormGrad(const Tensors& in, const Attrs& a) {
  const at::Tensor &dy = in[0], &x = in[1], &mean = in[2], &variance = in[3];
  bool hasScale = a.i(1) != 0;
  std::vector<int64_t> axes(x.dim() - 1);
  std::iota(axes.begin(), axes.end(), 0);
  at::Tensor r = at::rsqrt(variance + a[0]);
  at::Tensor dys = hasScale ? dy * in[4] : dy;
  at::Tensor centred = x - mean;
  at::Tensor dx = hasScale ? dy * r * in[4] : dy * r;
  at::Tensor dmean = at::sum(r * -1 * dys, axes);
  at::Tensor dvariance = at::sum(r * r * r * -0.5 * centred * dys, axes);
  at::Tensor dscale = at::sum(dy * (centred * r), axes);
  return {dx, dmean, dvariance, dscale, at::sum(dy, axes)};
}

}  // namespace

const std::vector<KernelRow>& normKernels() {
  static const std::vector<KernelRow> rows = {{"FusedBatchNorm", fusedBatchNorm, 3}, {"SnipFusedBatchNormGrad", fusedBatchNormGrad, 4}};
  return rows;
}

}  // namespace snip_torch
