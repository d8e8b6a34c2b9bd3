// Portable micro-kernel, 4×8, plain C++ (the compiler vectorises it for the baseline ISA).
#include "gemm_arch.h"

namespace snip {
namespace {

constexpr int MR = 4, NR = 8;

void body(int kc, const float* a, long rsa, long csa, const float* b, long ldb, float* c, long ldc, float beta) {
  float acc[MR][NR] = {};
  for (int p = 0; p < kc; ++p, a += csa, b += ldb)
    for (int r = 0; r < MR; ++r)
      for (int j = 0; j < NR; ++j) acc[r][j] += a[r * rsa] * b[j];
  for (int r = 0; r < MR; ++r)
    for (int j = 0; j < NR; ++j) c[r * ldc + j] = acc[r][j] + (beta != 0.0f ? c[r * ldc + j] : 0.0f);
}

void kernel(int kc, const float* a, const float* b, long ldb, float* c, long ldc, float beta) {
  body(kc, a, 1, MR, b, ldb, c, ldc, beta);
}

void kernelRowsA(int kc, const float* a, long rsa, const float* b, long ldb, float* c, long ldc, float beta) {
  body(kc, a, rsa, 1, b, ldb, c, ldc, beta);
}

void kernelColsA(int kc, const float* a, long csa, const float* b, long ldb, float* c, long ldc, float beta) {
  body(kc, a, 1, csa, b, ldb, c, ldc, beta);
}

}  // namespace

const GemmArch* portableArch() {
  static const GemmArch arch{"portable", MR, NR, 256, 128, 2048, kernel, kernelRowsA, kernelColsA};
  return &arch;
}

}  // namespace snip
