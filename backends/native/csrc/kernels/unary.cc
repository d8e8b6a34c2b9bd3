// Unary maps (elementwise.h): Relu, Step, Square. NaN stays NaN, as in tfjs-backend-cpu.
#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

// y = max(x, 0)
const char* runRelu(const KernelCall& c) {
  unaryMap(c.in[0], c.out[0], long(c.inSize[0]), [](float v) { return v < 0.0f ? 0.0f : v; });
  return nullptr;
}

// y = x > 0 ? 1 : alpha (the derivative of relu in tfjs-core's gradients); attrs: alpha
const char* runStep(const KernelCall& c) {
  const float alpha = float(c.attrF(0));
  unaryMap(c.in[0], c.out[0], long(c.inSize[0]), [alpha](float v) {
    const float s = v > 0.0f ? 1.0f : alpha;
    return v != v ? v : s;
  });
  return nullptr;
}

// y = x²
const char* runSquare(const KernelCall& c) {
  unaryMap(c.in[0], c.out[0], long(c.inSize[0]), [](float v) { return v * v; });
  return nullptr;
}

}  // namespace snip
