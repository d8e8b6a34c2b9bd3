// Mean over a leading or a trailing block of axes: the Sum kernel's loops, scaled by 1/count.
#include "../kernels.h"

namespace snip {

// in: x; attrs: rows, cols, leading (1: mean over rows, 0: over cols).
const char* runMean(const KernelCall& c) {
  const long rows = c.attr(0), cols = c.attr(1);
  const bool leading = c.attr(2) != 0;
  if (leading)
    sumLeading(c.in[0], c.out[0], rows, cols);
  else
    sumTrailing(c.in[0], c.out[0], rows, cols);
  const long n = leading ? cols : rows, count = leading ? rows : cols;
  for (long i = 0; i < n; ++i) c.out[0][i] /= float(count);
  return nullptr;
}

}  // namespace snip
