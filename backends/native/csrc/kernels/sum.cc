// Sum over a leading or a trailing block of axes of a [rows × cols] view:
// columns summed (bias gradients: NHWC summed over N, H, W) or rows summed.
#include <vector>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void sumLeading(const float* x, float* y, long rows, long cols) {  // y[c] = Σ_r x[r, c]
  columnSums(rows, cols, y, [=](long r, float* __restrict acc) {
    const float* __restrict in = x + r * cols;
    for (long c = 0; c < cols; ++c) acc[c] += in[c];
  });
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
