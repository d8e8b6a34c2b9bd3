// The products behind the sparse kernels, over a SparsePattern and batch-contiguous operands
// (row i of an "ᵀ" buffer holds one feature over the M batch positions), so every kept weight
// costs one AXPY or one dot product of length M.
#pragma once
#include <cstdint>
#include <vector>

#include "sparse_pattern.h"

namespace snip {

// outT[j, :] = Σ_{p in ptr[j]..ptr[j+1]} w[idx[p]·wRowStride + j·wColStride] · srcT[idx[p], :]
// for j in [j0, j1): columns (CSC, stride 1, N) give x·w; rows (CSR, stride N, 1) give dy·wᵀ.
void gatherAxpy(const int32_t* ptr, const int32_t* idx, const float* w, long wRowStride, long wColStride,
                const float* srcT, long M, float* outT, long j0, long j1);

// byNnz[q] += aT[k, :] · bT[n, :] for each kept (k, n) of columns [n0, n1), q its CSC position.
void keptDots(const SparsePattern& p, const float* aT, const float* bT, long M, float* byNnz, long n0, long n1);

// dense[k·N + n] = byNnz[q] at kept positions, 0 elsewhere.
// zeroOutside: dense is zero wherever p keeps nothing already (a recycled gradient of this p).
void scatterKept(const SparsePattern& p, const float* byNnz, float* dense, bool zeroOutside = false);

// outT[j, :] = act(outT[j, :] + bias[j]) for j in [0, J): bias may be null, act 0 = linear, 1 = relu.
void biasActivateRows(float* outT, long J, long M, const float* bias, int act);

// dst [cols × rows] = src [rows × cols]ᵀ.
void transpose(const float* src, float* dst, long rows, long cols);

}  // namespace snip
