// BatchMatMul and _FusedMatMul (matmul + bias + activation) with optional transposes.
#include "../kernels.h"

namespace snip_torch {
namespace {

at::Tensor op(const at::Tensor& t, bool transpose) { return transpose ? t.transpose(-1, -2) : t; }

// in: a, b; attrs: transposeA, transposeB
Tensors batchMatMul(const Tensors& in, const Attrs& a) {
  return {at::matmul(op(in[0], a.i(0) != 0), op(in[1], a.i(1) != 0))};
}

// in: a, b, [bias], [preluWeights]; attrs: transposeA, transposeB, activation, leakyAlpha, hasBias, hasPrelu
Tensors fusedMatMul(const Tensors& in, const Attrs& a) {
  at::Tensor A = op(in[0], a.i(0) != 0), B = op(in[1], a.i(1) != 0);
  bool hasBias = a.i(4) != 0, hasPrelu = a.i(5) != 0;
  at::Tensor prelu = hasPrelu ? in[hasBias ? 3 : 2] : at::Tensor();
  at::Tensor y;
  bool single = A.dim() == 3 && A.size(0) == 1 && B.size(0) == 1;
  if (hasBias && single && in[2].dim() == 1 && in[2].size(0) == B.size(2)) {
    y = at::addmm(in[2], A[0], B[0]).unsqueeze(0);  // one GEMM with the bias
  } else {
    y = at::matmul(A, B);
    if (hasBias) y = y + in[2];
  }
  return {applyActivation(y, a.i(2), a[3], prelu)};
}

}  // namespace

const std::vector<KernelRow>& matmulKernels() {
  static const std::vector<KernelRow> rows = {
      {"BatchMatMul", batchMatMul, 2},
      {"_FusedMatMul", fusedMatMul, 2},
  };
  return rows;
}

}  // namespace snip_torch
