// Step: y = x > 0 ? 1 : alpha, NaN kept (the derivative of relu in tfjs-core's gradients).
#include <cmath>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void step(const float* x, float* y, long size, float alpha) {
  unaryMap(x, y, size, [alpha](float v) {
    const float s = v > 0.0f ? 1.0f : alpha;
    return v != v ? v : s;  // NaN stays NaN
  });
}

// attrs: alpha
const char* runStep(const KernelCall& c) {
  step(c.in[0], c.out[0], long(c.inSize[0]), float(c.attrF(0)));
  return nullptr;
}

}  // namespace snip
