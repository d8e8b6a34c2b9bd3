// A fixed sparsity pattern of a K×N weight (row k = input, column n = output), compiled once in
// JS from the 0/1 mask and passed as int32s (through a Float32Array view of the same bytes):
//   [K, N, nnz, colPtr[N+1], colRows[nnz], rowPtr[K+1], rowCols[nnz]]
// Columns (CSC) drive the forward product and the weight gradient; rows (CSR) the input gradient.
#pragma once
#include <cstdint>
#include <cstddef>

namespace snip {

struct SparsePattern {
  int K = 0, N = 0, nnz = 0;
  const int32_t* colPtr = nullptr;
  const int32_t* colRows = nullptr;
  const int32_t* rowPtr = nullptr;
  const int32_t* rowCols = nullptr;

  // Null and an error message if the buffer is too short or disagrees with the expected K, N.
  static const char* parse(const float* buf, size_t size, int K, int N, SparsePattern& out) {
    const int32_t* p = reinterpret_cast<const int32_t*>(buf);
    if (size < 3 || p[0] != K || p[1] != N) return "pattern does not match the weight's shape";
    out.K = K, out.N = N, out.nnz = p[2];
    if (size != size_t(3 + (N + 1) + (K + 1) + 2L * out.nnz)) return "pattern has the wrong length";
    out.colPtr = p + 3;
    out.colRows = out.colPtr + N + 1;
    out.rowPtr = out.colRows + out.nnz;
    out.rowCols = out.rowPtr + K + 1;
    return nullptr;
  }
};

}  // namespace snip
