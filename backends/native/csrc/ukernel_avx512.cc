// AVX-512F micro-kernel, 12×32: 24 zmm accumulators, B read as two zmm per k step.
#include <immintrin.h>

#include "gemm_arch.h"

namespace snip {
namespace {

constexpr int MR = 12, NR = 32;

__attribute__((target("avx512f"), always_inline)) inline void body(int kc, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc,
                                                float beta) {
  __m512 acc[MR][2];
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r) acc[r][0] = acc[r][1] = _mm512_setzero_ps();
#pragma GCC unroll 2
  for (int p = 0; p < kc; ++p) {
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
    for (int r = 0; r < MR; ++r) {
      const __m512 ar = _mm512_set1_ps(a[r * rsa]);
      acc[r][0] = _mm512_fmadd_ps(ar, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(ar, b1, acc[r][1]);
    }
    a += csa;
    b += ldb;
  }
#pragma GCC unroll 12
  for (int r = 0; r < MR; ++r) {
    float* cr = c + r * ldc;
    if (beta != 0.0f) {
      acc[r][0] = _mm512_add_ps(acc[r][0], _mm512_loadu_ps(cr));
      acc[r][1] = _mm512_add_ps(acc[r][1], _mm512_loadu_ps(cr + 16));
    }
    _mm512_storeu_ps(cr, acc[r][0]);
    _mm512_storeu_ps(cr + 16, acc[r][1]);
  }
}

// A packed as [kc][MR] panels.
__attribute__((target("avx512f"))) void kernel(int kc, const float* a, const float* b, long ldb, float* c, long ldc, float beta) {
  body(kc, a, 1, MR, b, ldb, c, ldc, beta);
}

// A read in place, row-major with row stride rsa (no packing).
__attribute__((target("avx512f"))) void kernelRowsA(int kc, const float* a, long rsa, const float* b, long ldb, float* c, long ldc,
                                              float beta) {
  body(kc, a, rsa, 1, b, ldb, c, ldc, beta);
}

// A read in place from a column-major matrix (column stride csa): rows of a panel are adjacent.
__attribute__((target("avx512f"))) void kernelColsA(int kc, const float* a, long csa, const float* b, long ldb, float* c, long ldc,
                                              float beta) {
  body(kc, a, 1, csa, b, ldb, c, ldc, beta);
}

}  // namespace

const GemmArch* avx512Arch() {
  static const GemmArch arch{"avx512", MR, NR, 384, 144, 3072, kernel, kernelRowsA, kernelColsA};
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? &arch : nullptr;
}

}  // namespace snip
