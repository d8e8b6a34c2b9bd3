// FusedBatchNorm: y = (x − mean) · scale / √(variance + ε) + offset (Ioffe & Szegedy 2015, Alg. 1).
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

}  // namespace

const std::vector<KernelRow>& normKernels() {
  static const std::vector<KernelRow> rows = {{"FusedBatchNorm", fusedBatchNorm, 3}};
  return rows;
}

}  // namespace snip_torch
