// One micro-kernel family: C_tile[MR×NR] (row stride ldc) = A_panel·B_panel + beta·C_tile,
// with A packed [kc][MR] (zero-padded) and B's kc rows of NR floats ldb apart (packed: ldb = NR).
#pragma once

namespace snip {

using MicroKernel = void (*)(int kc, const float* a, const float* b, long ldb, float* c, long ldc, float beta);
// The same with A read in place from a row-major matrix (row stride rsa), skipping its packing.
using MicroKernelRowsA = void (*)(int kc, const float* a, long rsa, const float* b, long ldb, float* c, long ldc,
                                  float beta);

struct GemmArch {
  const char* name;
  int mr, nr, kc, mc, nc;
  MicroKernel kernel;
  MicroKernelRowsA kernelRowsA;
  MicroKernelRowsA kernelColsA;  // A column-major in place: the stride argument is its column stride
};

const GemmArch* avx512Arch();  // nullptr if the CPU lacks AVX-512F
const GemmArch* avx2Arch();    // nullptr if the CPU lacks AVX2+FMA
const GemmArch* portableArch();

// cblas_sgemm from a system BLAS (OpenBLAS) found at run time, or nullptr.
using CblasSgemm = void (*)(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a,
                            int lda, const float* b, int ldb, float beta, float* c, int ldc);
CblasSgemm systemBlas();

}  // namespace snip
