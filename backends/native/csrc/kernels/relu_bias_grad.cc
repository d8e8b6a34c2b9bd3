// A fused layer's backward epilogue in one pass: g = dy where the relu output y > 0 (else 0),
// and the bias gradient db[c] = Σ_rows g[r, c] (float within blocks of 64 rows, double across,
// as Sum's leading-axes reduction).
#include <algorithm>
#include <vector>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void reluBiasGrad(const float* dy, const float* y, float* g, float* db, long rows, long cols) {
  const int tasks = rows * cols >= kParallelElements && rows >= 2 * numThreads() ? numThreads() : 1;
  std::vector<std::vector<double>> part(tasks, std::vector<double>(cols, 0.0));
  const long step = (rows + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t, int) {
    std::vector<float> block(cols, 0.0f);
    float* __restrict acc = block.data();
    double* total = part[t].data();
    for (long r = t * step, end = std::min(rows, r + step); r < end;) {
      const long blockEnd = std::min(end, r + 64);
      for (; r < blockEnd; ++r) {
        const float* __restrict d = dy + r * cols;
        const float* __restrict out = y + r * cols;
        float* __restrict grad = g + r * cols;
        for (long c = 0; c < cols; ++c) {
          const float dv = d[c];  // loaded unconditionally, so the select vectorises
          const float v = out[c] > 0.0f ? dv : 0.0f;
          grad[c] = v;
          acc[c] += v;
        }
      }
      for (long c = 0; c < cols; ++c) total[c] += acc[c], acc[c] = 0.0f;
    }
  });
  for (long c = 0; c < cols; ++c) {
    double s = 0.0;
    for (int t = 0; t < tasks; ++t) s += part[t][c];
    db[c] = float(s);
  }
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
