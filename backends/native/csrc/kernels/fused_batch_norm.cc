// FusedBatchNorm: y = offset + (x − mean)·scale / √(variance + ε), parameters per channel (last axis)
// or one value; read cyclically as tfjs-backend-cpu does.
#include <cmath>
#include <vector>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void fusedBatchNorm(const float* x, const float* mean, const float* var, const float* offset, const float* scale,
                    float* y, long rows, long C, const long sizes[4], float eps) {
  // Per channel: y = x·a + b with a = scale/√(var+ε), b = offset − mean·a.
  std::vector<float> a(C), b(C);
  for (long c = 0; c < C; ++c) {
    const float m = mean[c % sizes[0]], v = var[c % sizes[1]];
    const float o = offset ? offset[c % sizes[2]] : 0.0f, s = scale ? scale[c % sizes[3]] : 1.0f;
    a[c] = s / std::sqrt(v + eps);
    b[c] = o - m * a[c];
  }
  forRows(rows, C, [&](long r) {
    for (long c = 0; c < C; ++c) y[r * C + c] = x[r * C + c] * a[c] + b[c];
  });
}

// in: x, mean, variance[, offset][, scale]; attrs: rows, channels, ε, hasOffset, hasScale, then the
// four parameter sizes (1 or channels).
const char* runFusedBatchNorm(const KernelCall& c) {
  const bool hasOffset = c.attr(3) != 0, hasScale = c.attr(4) != 0;
  const float* offset = hasOffset ? c.in[3] : nullptr;
  const float* scale = hasScale ? c.in[hasOffset ? 4 : 3] : nullptr;
  const long sizes[4] = {c.attr(5), c.attr(6), c.attr(7), c.attr(8)};
  fusedBatchNorm(c.in[0], c.in[1], c.in[2], offset, scale, c.out[0], c.attr(0), c.attr(1), sizes, float(c.attrF(2)));
  return nullptr;
}

}  // namespace snip
