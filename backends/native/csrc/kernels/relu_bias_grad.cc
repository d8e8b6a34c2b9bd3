// A fused layer's backward epilogue in one pass: g = dy where the relu output y > 0 (else 0),
// and the bias gradient db[c] = Σ_rows g[r, c] (columnSums, as Sum's leading-axes reduction).
#include <algorithm>
#include <vector>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void reluBiasGrad(const float* dy, const float* y, float* g, float* db, long rows, long cols) {
  columnSums(rows, cols, db, [=](long r, float* __restrict acc) {
    const float* __restrict d = dy + r * cols;
    const float* __restrict out = y + r * cols;
    float* __restrict grad = g + r * cols;
    for (long c = 0; c < cols; ++c) {
      const float dv = d[c];  // loaded unconditionally, so the select vectorises
      const float v = out[c] > 0.0f ? dv : 0.0f;
      grad[c] = v;
      acc[c] += v;
    }
  });
}

// in: dy, y (same size); out: g (that size), db (cols); attrs: cols.
const char* runSnipReluBiasGrad(const KernelCall& c) {
  const long cols = c.attr(0), size = long(c.inSize[0]);
  if (cols <= 0 || size % cols != 0 || long(c.inSize[1]) != size || long(c.outSize[0]) != size || long(c.outSize[1]) != cols)
    return "dy and y must be [rows × cols], g the same and db [cols]";
  reluBiasGrad(c.in[0], c.in[1], c.out[0], c.out[1], size / cols, cols);
  return nullptr;
}

}  // namespace snip
