// Sum over a leading or a trailing block of axes of a [rows × cols] view:
// columns summed (bias gradients: NHWC summed over N, H, W) or rows summed.
#include <vector>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void sumLeading(const float* x, float* y, long rows, long cols) {  // y[c] = Σ_r x[r, c]
  const int tasks = rows * cols >= kParallelElements && rows >= 2 * numThreads() ? numThreads() : 1;
  std::vector<std::vector<double>> part(tasks, std::vector<double>(cols, 0.0));
  const long step = (rows + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t, int) {
    std::vector<float> block(cols, 0.0f);  // float within a block of rows, double across blocks
    float* __restrict acc = block.data();    // (restrict: the row loop vectorises)
    double* total = part[t].data();
    for (long r = t * step, end = std::min(rows, r + step); r < end;) {
      const long blockEnd = std::min(end, r + 64);
      for (; r < blockEnd; ++r) {
        const float* __restrict in = x + r * cols;
        for (long c = 0; c < cols; ++c) acc[c] += in[c];
      }
      for (long c = 0; c < cols; ++c) total[c] += acc[c], acc[c] = 0.0f;
    }
  });
  for (long c = 0; c < cols; ++c) {
    double s = 0.0;
    for (int t = 0; t < tasks; ++t) s += part[t][c];
    y[c] = float(s);
  }
}

void sumTrailing(const float* x, float* y, long rows, long cols) {  // y[r] = Σ_c x[r, c]
  const int tasks = rows * cols >= kParallelElements ? numThreads() : 1;
  const long step = (rows + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t, int) {
    for (long r = t * step, end = std::min(rows, r + step); r < end; ++r) {
      double s = 0.0;
      for (long c = 0; c < cols; ++c) s += x[r * cols + c];
      y[r] = float(s);
    }
  });
}

// in: x; attrs: rows, cols, leading (1: sum over rows, 0: sum over cols).
const char* runSum(const KernelCall& c) {
  if (c.attr(2))
    sumLeading(c.in[0], c.out[0], c.attr(0), c.attr(1));
  else
    sumTrailing(c.in[0], c.out[0], c.attr(0), c.attr(1));
  return nullptr;
}

}  // namespace snip
