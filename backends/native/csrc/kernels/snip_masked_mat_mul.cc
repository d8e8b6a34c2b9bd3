// Masked dense layer with a static sparsity pattern: y = x·(w⊙mask) with x [M×K], w [K×N],
// touching only the kept weights. x and dy are transposed first (K×M, N×M) so every kept weight
// costs one AXPY or dot product of length M (the batch), which vectorises.
//   SnipMaskedMatMul:            yᵀ[n,:] = act(Σ_k w[k,n]·xᵀ[k,:] + bias[n])  over column n's kept rows
//   SnipMaskedMatMulGradInput:   dxᵀ[k,:] = Σ_n w[k,n]·dyᵀ[n,:]  over row k's kept columns
//   SnipMaskedMatMulGradFilter:  dw[k,n] = xᵀ[k,:]·dyᵀ[n,:]      at kept (k, n), 0 elsewhere
#include <algorithm>
#include <vector>

#include "../kernels.h"
#include "../sparse_products.h"
#include "../thread_pool.h"

namespace snip {
namespace {

// Calls body(j0, j1) on chunks of [0, count) with about equal nonzeros; serial below ~1M
// multiply-adds, where waking a second thread costs more than it saves.
template <typename F>
void forChunks(const int32_t* ptr, long count, long M, F&& body) {
  const long nnz = ptr[count];
  const int tasks = nnz * std::max(M, 8L) < (1L << 20) ? 1 : int(std::min<long>(count, 4L * numThreads()));
  std::vector<long> bounds(tasks + 1, count);
  bounds[0] = 0;
  for (int t = 1, j = 0; t < tasks; ++t) {
    const long target = nnz * t / tasks;
    while (j < count && ptr[j] < target) ++j;
    bounds[t] = j;
  }
  parallelFor(tasks, [&](int t, int) { body(bounds[t], bounds[t + 1]); });
}

// a [M × K] as K × M in scratch `slot`; M = 1 needs no copy.
const float* batchContiguous(const float* a, long M, long K, int slot) {
  if (M == 1) return a;
  float* t = threadScratch(slot, size_t(M) * K);
  transpose(a, t, M, K);
  return t;
}

// out [M × J] from outT [J × M] (the caller's scratch); M = 1 writes out directly.
float* outTFor(float* out, long M, long J, int slot) { return M == 1 ? out : threadScratch(slot, size_t(M) * J); }

}  // namespace

void maskedMatMul(const float* x, const float* w, const float* bias, int act, const SparsePattern& p, float* y, long M,
                  const float* xTIn, float* yTOut) {
  const float* xT = xTIn ? xTIn : batchContiguous(x, M, p.K, 0);
  float* yT = yTOut && M > 1 ? yTOut : outTFor(y, M, p.N, 2);
  forChunks(p.colPtr, p.N, M, [&](long n0, long n1) { gatherAxpy(p.colPtr, p.colRows, w, p.N, 1, xT, M, yT, n0, n1); });
  biasActivateRows(yT, p.N, M, bias, act);
  if (M > 1) transpose(yT, y, p.N, M);
}

void maskedMatMulGradInput(const float* dy, const float* w, const SparsePattern& p, float* dx, long M) {
  const float* dyT = batchContiguous(dy, M, p.N, 0);
  float* dxT = outTFor(dx, M, p.K, 2);
  forChunks(p.rowPtr, p.K, M, [&](long k0, long k1) { gatherAxpy(p.rowPtr, p.rowCols, w, 1, p.N, dyT, M, dxT, k0, k1); });
  if (M > 1) transpose(dxT, dx, p.K, M);
}

void maskedMatMulGradFilter(const float* x, const float* dy, const SparsePattern& p, float* dw, long M, const float* xTIn,
                            bool dwZeroOutside) {
  const float* xT = xTIn ? xTIn : batchContiguous(x, M, p.K, 0);
  const float* dyT = batchContiguous(dy, M, p.N, 1);
  std::vector<float> byNnz(size_t(p.nnz), 0.0f);
  forChunks(p.colPtr, p.N, M, [&](long n0, long n1) { keptDots(p, xT, dyT, M, byNnz.data(), n0, n1); });
  scatterKept(p, byNnz.data(), dw, dwZeroOutside);
}

// in: x, w, pattern[, bias][, xT]; out: y[, yT]; attrs: M, K, N, activation (0 linear, 1 relu),
// hasXT (x transposed, [K×M], given), wantYT (also write y transposed, [N×M]).
const char* runSnipMaskedMatMul(const KernelCall& c) {
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(c.attr(1)), int(c.attr(2)), p)) return err;
  const bool hasXT = c.attr(4) != 0, wantYT = c.attr(5) != 0;
  const bool hasBias = c.numIn - (hasXT ? 1 : 0) > 3;
  if (hasBias && long(c.inSize[3]) != p.N) return "bias must have N values";
  if (hasXT && long(c.inSize[c.numIn - 1]) != long(c.inSize[0])) return "xT must have x's size";
  if (wantYT && (c.numOut < 2 || c.outSize[1] != c.outSize[0])) return "yT must have y's size";
  maskedMatMul(c.in[0], c.in[1], hasBias ? c.in[3] : nullptr, int(c.attr(3)), p, c.out[0], c.attr(0),
               hasXT ? c.in[c.numIn - 1] : nullptr, wantYT ? c.out[1] : nullptr);
  return nullptr;
}

// in: dy, w, pattern; attrs: M, K, N.
const char* runSnipMaskedMatMulGradInput(const KernelCall& c) {
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(c.attr(1)), int(c.attr(2)), p)) return err;
  maskedMatMulGradInput(c.in[0], c.in[1], p, c.out[0], c.attr(0));
  return nullptr;
}

// in: x, dy, pattern[, xT]; attrs: M, K, N, hasXT, dwZeroOutside (dw is zero outside the pattern already).
const char* runSnipMaskedMatMulGradFilter(const KernelCall& c) {
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(c.attr(1)), int(c.attr(2)), p)) return err;
  const bool hasXT = c.attr(3) != 0;
  if (hasXT && (c.numIn < 4 || c.inSize[3] != c.inSize[0])) return "xT must have x's size";
  maskedMatMulGradFilter(c.in[0], c.in[1], p, c.out[0], c.attr(0), hasXT ? c.in[3] : nullptr, c.attr(4) != 0);
  return nullptr;
}

}  // namespace snip
