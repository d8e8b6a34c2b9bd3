#include "sparse_products.h"

#include <algorithm>
#include <cstring>

namespace snip {

#define SNIP_SPARSE_CLONES __attribute__((target_clones("arch=haswell", "default")))

SNIP_SPARSE_CLONES
void gatherAxpy(const int32_t* ptr, const int32_t* idx, const float* w, long wRowStride, long wColStride,
                const float* srcT, long M, float* outT, long j0, long j1) {
  for (long j = j0; j < j1; ++j) {
    float* __restrict o = outT + j * M;
    std::fill(o, o + M, 0.0f);
    for (int32_t q = ptr[j]; q < ptr[j + 1]; ++q) {
      const long i = idx[q];
      const float v = w[i * wRowStride + j * wColStride];
      const float* __restrict s = srcT + i * M;
      for (long m = 0; m < M; ++m) o[m] += v * s[m];
    }
  }
}

SNIP_SPARSE_CLONES
void keptDots(const SparsePattern& p, const float* aT, const float* bT, long M, float* byNnz, long n0, long n1) {
  for (long n = n0; n < n1; ++n) {
    const float* __restrict b = bT + n * M;
    for (int32_t q = p.colPtr[n]; q < p.colPtr[n + 1]; ++q) {
      const float* __restrict a = aT + long(p.colRows[q]) * M;
      float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // eight partial sums let the loop vectorise
      long m = 0;
      for (; m + 8 <= M; m += 8)
        for (int l = 0; l < 8; ++l) part[l] += a[m + l] * b[m + l];
      float sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
      for (; m < M; ++m) sum += a[m] * b[m];
      byNnz[q] += sum;
    }
  }
}

void scatterKept(const SparsePattern& p, const float* byNnz, float* dense) {
  std::memset(dense, 0, sizeof(float) * size_t(p.K) * p.N);
  for (long n = 0; n < p.N; ++n)
    for (int32_t q = p.colPtr[n]; q < p.colPtr[n + 1]; ++q) dense[long(p.colRows[q]) * p.N + n] = byNnz[q];
}

void transpose(const float* src, float* dst, long rows, long cols) {
  constexpr long T = 32;
  for (long r0 = 0; r0 < rows; r0 += T)
    for (long c0 = 0; c0 < cols; c0 += T)
      for (long r = r0; r < std::min(rows, r0 + T); ++r)
        for (long c = c0; c < std::min(cols, c0 + T); ++c) dst[c * rows + r] = src[r * cols + c];
}

float* threadScratch(int slot, size_t n) {
  thread_local std::vector<float> bufs[4];
  if (bufs[slot].size() < n) bufs[slot].resize(n);
  return bufs[slot].data();
}

}  // namespace snip
