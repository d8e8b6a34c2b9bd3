// Single-precision GEMM: C[m×n] = op(A)·op(B) + beta·C, row-major, beta 0 or 1.
// Work is split over the thread pool unless `parallel` is false (callers already
// inside a parallel region pass false). The micro-kernel set is picked at load
// time (AVX-512 / AVX2+FMA / portable, or a system BLAS loaded with dlopen).
#pragma once
#include <string>
#include <vector>

namespace snip {

void sgemm(bool transA, bool transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
           float* c, int ldc, float beta, bool parallel = true);

// op(B) [k×n] packed once for many products with the same B (a convolution filter).
// Keeps a pointer to b, which must outlive it.
class PackedB {
 public:
  PackedB(bool transB, int k, int n, const float* b, int ldb);

 private:
  friend void sgemmPackedB(int, const float*, int, const PackedB&, float*, int, float, bool);
  int k_, n_, ldb_;
  bool transB_;
  const float* b_;
  const void* arch_;  // the micro-kernel family it was packed for (null: system BLAS)
  std::vector<float> data_;
};

// C[m×n] = A·B + beta·C with A row-major (m×k, row stride lda) and B packed.
void sgemmPackedB(int m, const float* a, int lda, const PackedB& b, float* c, int ldc, float beta,
                  bool parallel = true);

// Names: "avx512", "avx2", "portable", "blas". Returns false if unavailable here.
bool setGemmImpl(const std::string& name);
std::string gemmImpl();
std::string availableGemmImpls();  // comma-separated

}  // namespace snip
