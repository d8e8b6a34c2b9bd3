// AVX2+FMA micro-kernel, 6×16: 12 ymm accumulators, B read as two ymm per k step.
#include <immintrin.h>

#include "gemm_arch.h"

namespace snip {
namespace {

constexpr int MR = 6, NR = 16;

__attribute__((target("avx2,fma"), always_inline)) inline void body(int kc, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc,
                                                  float beta) {
  __m256 acc[MR][2];
#pragma GCC unroll 6
  for (int r = 0; r < MR; ++r) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
#pragma GCC unroll 2
  for (int p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
    for (int r = 0; r < MR; ++r) {
      const __m256 ar = _mm256_broadcast_ss(a + r * rsa);
      acc[r][0] = _mm256_fmadd_ps(ar, b0, acc[r][0]);
      acc[r][1] = _mm256_fmadd_ps(ar, b1, acc[r][1]);
    }
    a += csa;
    b += ldb;
  }
#pragma GCC unroll 6
  for (int r = 0; r < MR; ++r) {
    float* cr = c + r * ldc;
    if (beta != 0.0f) {
      acc[r][0] = _mm256_add_ps(acc[r][0], _mm256_loadu_ps(cr));
      acc[r][1] = _mm256_add_ps(acc[r][1], _mm256_loadu_ps(cr + 8));
    }
    _mm256_storeu_ps(cr, acc[r][0]);
    _mm256_storeu_ps(cr + 8, acc[r][1]);
  }
}

// A packed as [kc][MR] panels.
__attribute__((target("avx2,fma"))) void kernel(int kc, const float* a, const float* b, long ldb, float* c, long ldc, float beta) {
  body(kc, a, 1, MR, b, ldb, c, ldc, beta);
}

// A read in place, row-major with row stride rsa (no packing).
__attribute__((target("avx2,fma"))) void kernelRowsA(int kc, const float* a, long rsa, const float* b, long ldb, float* c, long ldc,
                                              float beta) {
  body(kc, a, rsa, 1, b, ldb, c, ldc, beta);
}

// A read in place from a column-major matrix (column stride csa): rows of a panel are adjacent.
__attribute__((target("avx2,fma"))) void kernelColsA(int kc, const float* a, long csa, const float* b, long ldb, float* c, long ldc,
                                              float beta) {
  body(kc, a, 1, csa, b, ldb, c, ldc, beta);
}

}  // namespace

const GemmArch* avx2Arch() {
  static const GemmArch arch{"avx2", MR, NR, 256, 144, 3072, kernel, kernelRowsA, kernelColsA};
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? &arch : nullptr;
}

}  // namespace snip
