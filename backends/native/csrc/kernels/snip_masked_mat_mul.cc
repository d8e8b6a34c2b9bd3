// Masked dense layer with a static sparsity pattern: y = x·(w⊙mask) with x [M×K], w [K×N],
// touching only the kept weights. x and dy are transposed first (K×M, N×M) so every kept weight
// costs one AXPY or dot product of length M (the batch), which vectorises.
//   SnipMaskedMatMul:            y  = x·(w⊙m)           (per output column: Σ_k w[k,n]·xᵀ[k,:])
//   SnipMaskedMatMulGradInput:   dx = dy·(w⊙m)ᵀ         (per input row:     Σ_n w[k,n]·dyᵀ[n,:])
//   SnipMaskedMatMulGradFilter:  dw = (xᵀ·dy)⊙m         (per kept weight:   xᵀ[k,:]·dyᵀ[n,:])
#include <algorithm>
#include <cstring>
#include <vector>

#include "../kernels.h"
#include "../sparse_pattern.h"
#include "../thread_pool.h"

namespace snip {
namespace {

#define SNIP_SPARSE_CLONES __attribute__((target_clones("arch=haswell", "default")))

// dst [cols×rows] = src [rows×cols]ᵀ, in cache-sized tiles.
void transpose(const float* src, float* dst, long rows, long cols) {
  constexpr long T = 32;
  for (long r0 = 0; r0 < rows; r0 += T)
    for (long c0 = 0; c0 < cols; c0 += T)
      for (long r = r0; r < std::min(rows, r0 + T); ++r)
        for (long c = c0; c < std::min(cols, c0 + T); ++c) dst[c * rows + r] = src[r * cols + c];
}

// Scratch reused across calls (only the calling thread transposes).
float* scratch(int slot, size_t n) {
  thread_local std::vector<float> bufs[2];
  if (bufs[slot].size() < n) bufs[slot].resize(n);
  return bufs[slot].data();
}

// For each output j in [j0, j1): out[:, j] = Σ_{p in ptr[j]..ptr[j+1]} w[weightIndex(j, idx[p])]·srcT[idx[p], :],
// written into column j of the row-major out [M × outCols]. acc holds one column (M floats).
SNIP_SPARSE_CLONES
void gatherAxpy(const int32_t* ptr, const int32_t* idx, const float* w, long wRowStride, long wColStride,
                const float* srcT, long M, float* out, long outCols, long j0, long j1, float* acc) {
  for (long j = j0; j < j1; ++j) {
    std::fill(acc, acc + M, 0.0f);
    for (int32_t p = ptr[j]; p < ptr[j + 1]; ++p) {
      const long i = idx[p];
      const float v = w[i * wRowStride + j * wColStride];
      const float* s = srcT + i * M;
      for (long m = 0; m < M; ++m) acc[m] += v * s[m];
    }
    for (long m = 0; m < M; ++m) out[m * outCols + j] = acc[m];
  }
}

// dw[k, n] = xᵀ[k,:]·dyᵀ[n,:] for the kept (k, n) of columns [n0, n1).
SNIP_SPARSE_CLONES
void keptDots(const SparsePattern& p, const float* xT, const float* dyT, long M, float* dw, long n0, long n1) {
  for (long n = n0; n < n1; ++n) {
    const float* d = dyT + n * M;
    for (int32_t q = p.colPtr[n]; q < p.colPtr[n + 1]; ++q) {
      const float* x = xT + long(p.colRows[q]) * M;
      float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      long m = 0;
      for (; m + 8 <= M; m += 8)
        for (int l = 0; l < 8; ++l) part[l] += x[m + l] * d[m + l];
      float sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
      for (; m < M; ++m) sum += x[m] * d[m];
      dw[long(p.colRows[q]) * p.N + n] = sum;
    }
  }
}

// Splits [0, count) into chunks of about equal nonzeros; serial when the work is small.
template <typename F>
void forChunks(const int32_t* ptr, long count, long M, F&& body) {
  const long nnz = ptr[count];
  const int threads = numThreads();
  const int tasks = nnz * std::max(M, 8L) < 32768 ? 1 : std::min<long>(count, 4L * threads);
  std::vector<long> bounds(tasks + 1, count);
  bounds[0] = 0;
  for (int t = 1, j = 0; t < tasks; ++t) {
    const long target = nnz * t / tasks;
    while (j < count && ptr[j] < target) ++j;
    bounds[t] = j;
  }
  parallelFor(tasks, [&](int t, int thread) { body(bounds[t], bounds[t + 1], thread); });
}

// x (M×K) → a K×M copy; M = 1 needs none.
const float* transposed(const float* x, long M, long K, int slot) {
  if (M == 1) return x;
  float* t = scratch(slot, size_t(M) * K);
  transpose(x, t, M, K);
  return t;
}

}  // namespace

void maskedMatMul(const float* x, const float* w, const SparsePattern& p, float* y, long M) {
  const float* xT = transposed(x, M, p.K, 0);
  std::vector<float> acc(size_t(numThreads()) * M);
  forChunks(p.colPtr, p.N, M, [&](long n0, long n1, int th) {
    gatherAxpy(p.colPtr, p.colRows, w, p.N, 1, xT, M, y, p.N, n0, n1, acc.data() + th * M);
  });
}

void maskedMatMulGradInput(const float* dy, const float* w, const SparsePattern& p, float* dx, long M) {
  const float* dyT = transposed(dy, M, p.N, 0);
  std::vector<float> acc(size_t(numThreads()) * M);
  forChunks(p.rowPtr, p.K, M, [&](long k0, long k1, int th) {
    gatherAxpy(p.rowPtr, p.rowCols, w, 1, p.N, dyT, M, dx, p.K, k0, k1, acc.data() + th * M);
  });
}

void maskedMatMulGradFilter(const float* x, const float* dy, const SparsePattern& p, float* dw, long M) {
  const float* xT = transposed(x, M, p.K, 0);
  const float* dyT = transposed(dy, M, p.N, 1);
  std::memset(dw, 0, sizeof(float) * size_t(p.K) * p.N);
  forChunks(p.colPtr, p.N, M, [&](long n0, long n1, int) { keptDots(p, xT, dyT, M, dw, n0, n1); });
}

// in: x, w, pattern; attrs: M, K, N.
const char* runSnipMaskedMatMul(const KernelCall& c) {
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(c.attr(1)), int(c.attr(2)), p)) return err;
  maskedMatMul(c.in[0], c.in[1], p, c.out[0], c.attr(0));
  return nullptr;
}

// in: dy, w, pattern; attrs: M, K, N.
const char* runSnipMaskedMatMulGradInput(const KernelCall& c) {
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(c.attr(1)), int(c.attr(2)), p)) return err;
  maskedMatMulGradInput(c.in[0], c.in[1], p, c.out[0], c.attr(0));
  return nullptr;
}

// in: x, dy, pattern; attrs: M, K, N.
const char* runSnipMaskedMatMulGradFilter(const KernelCall& c) {
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(c.attr(1)), int(c.attr(2)), p)) return err;
  maskedMatMulGradFilter(c.in[0], c.in[1], p, c.out[0], c.attr(0));
  return nullptr;
}

}  // namespace snip
