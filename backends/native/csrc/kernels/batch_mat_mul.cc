// BatchMatMul and _FusedMatMul: out[b] = act(op(A[b]) · op(B[b]) + bias), batches broadcast from 1.
#include "../activation.h"
#include "../gemm.h"
#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

void batchMatMul(const float* a, const float* b, const float* bias, float* out, const MatMulShape& s, Activation act,
                 float alpha) {
  const long sa = s.batchA == 1 ? 0 : long(s.m) * s.k, sb = s.batchB == 1 ? 0 : long(s.k) * s.n;
  const long so = long(s.m) * s.n;
  const int lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n;
  const bool outer = s.batch >= 2 * numThreads() && 2.0 * so * s.k < 4e6;  // many small products
  auto one = [&](int i, int) {
    float* o = out + i * so;
    sgemm(s.transA, s.transB, s.m, s.n, s.k, a + i * sa, lda, b + i * sb, ldb, o, s.n, 0.0f, !outer);
    if (bias || act != Activation::kLinear) biasActivate(o, s.m, s.n, s.n, bias, act, alpha);
  };
  if (outer)
    parallelFor(s.batch, one);
  else
    for (int i = 0; i < s.batch; ++i) one(i, 0);
}

// in: a, b[, bias]; attrs: batch, batchA, batchB, m, n, k, transA, transB, activation, alpha, hasBias.
const char* runBatchMatMul(const KernelCall& c) {
  const MatMulShape s{int(c.attr(0)), int(c.attr(1)), int(c.attr(2)), int(c.attr(3)),
                      int(c.attr(4)), int(c.attr(5)), c.attr(6) != 0, c.attr(7) != 0};
  const float* bias = c.attr(10) ? c.in[2] : nullptr;
  batchMatMul(c.in[0], c.in[1], bias, c.out[0], s, Activation(c.attr(8)), float(c.attrF(9)));
  return nullptr;
}

}  // namespace snip
