// Relu: y = max(x, 0), NaN kept (as tfjs-backend-cpu).
#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void relu(const float* x, float* y, long size) {
  unaryMap(x, y, size, [](float v) { return v < 0.0f ? 0.0f : v; });
}

const char* runRelu(const KernelCall& c) {
  relu(c.in[0], c.out[0], long(c.inSize[0]));
  return nullptr;
}

}  // namespace snip
