// FusedBatchNorm: y = (x − mean) · scale / √(variance + ε) + offset (Ioffe & Szegedy 2015, Alg. 1),
// and its gradient in one kernel (SnipFusedBatchNormGrad) instead of tfjs-core's ~25 ops.
// SnipBatchNormTraining and its gradient: a whole training-mode batch norm (statistics included)
// as ATen's native batch norm, one kernel each way (src/models/fused_batch_norm.ts).
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

// TF.js keeps channels last (NHWC, or N×C); native batch norm wants them on axis 1. For 4-D
// tensors this is a view with channels-last strides, which ATen's kernels take as they are.
at::Tensor channelsSecond(const at::Tensor& t) { return t.dim() > 2 ? t.movedim(-1, 1) : t; }
at::Tensor channelsLastContiguous(const at::Tensor& t) { return (t.dim() > 2 ? t.movedim(1, -1) : t).contiguous(); }

// in: x, gamma, beta; attrs: epsilon. out: y, mean, variance (biased), invStd.
Tensors batchNormTraining(const Tensors& in, const Attrs& a) {
  const at::Tensor x = channelsSecond(in[0]);
  const int64_t channels = x.size(1);
  const int64_t n = x.numel() / channels;
  // Running statistics with momentum 1 receive this batch's mean and unbiased variance, from the
  // same pass as the normalisation; the biased variance is that times (n − 1)/n.
  at::Tensor runningMean = at::zeros({channels}, x.options()), runningVar = at::zeros({channels}, x.options());
  auto out = at::native_batch_norm(x, in[1], in[2], runningMean, runningVar, true, 1.0, a[0]);
  at::Tensor variance = n > 1 ? runningVar * (double(n - 1) / double(n)) : at::zeros_like(runningVar);
  return {channelsLastContiguous(std::get<0>(out)), std::get<1>(out), variance, std::get<2>(out)};
}

// in: dy, x, gamma, mean, invStd; attrs: epsilon. out: dx, dgamma, dbeta.
Tensors batchNormTrainingGrad(const Tensors& in, const Attrs& a) {
  auto out = at::native_batch_norm_backward(channelsSecond(in[0]), channelsSecond(in[1]), in[2], c10::nullopt, c10::nullopt,
                                            in[3], in[4], true, a[0], {true, true, true});
  return {channelsLastContiguous(std::get<0>(out)), std::get<1>(out), std::get<2>(out)};
}

}  // namespace

const std::vector<KernelRow>& normKernels() {
  static const std::vector<KernelRow> rows = {
      {"FusedBatchNorm", fusedBatchNorm, 3},
      {"SnipFusedBatchNormGrad", fusedBatchNormGrad, 4},
      {"SnipBatchNormTraining", batchNormTraining, 3},
      {"SnipBatchNormTrainingGrad", batchNormTrainingGrad, 5},
  };
  return rows;
}

}  // namespace snip_torch
