// Single-precision GEMM: C[m×n] = op(A)·op(B) + beta·C, row-major, beta 0 or 1.
// Work is split over the thread pool unless `parallel` is false (callers already
// inside a parallel region pass false). The micro-kernel set is picked at load
// time (AVX-512 / AVX2+FMA / portable, or a system BLAS loaded with dlopen).
#pragma once
#include <string>

namespace snip {

void sgemm(bool transA, bool transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
           float* c, int ldc, float beta, bool parallel = true);

// Names: "avx512", "avx2", "portable", "blas". Returns false if unavailable here.
bool setGemmImpl(const std::string& name);
std::string gemmImpl();
std::string availableGemmImpls();  // comma-separated

}  // namespace snip
