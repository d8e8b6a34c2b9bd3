#include "activation.h"

#include <algorithm>
#include <cmath>

namespace snip {

template <typename F>
static void apply(float* x, long rows, long cols, long ld, const float* bias, F f) {
  for (long r = 0; r < rows; ++r) {
    float* row = x + r * ld;
    if (bias)
      for (long c = 0; c < cols; ++c) row[c] = f(row[c] + bias[c]);
    else
      for (long c = 0; c < cols; ++c) row[c] = f(row[c]);
  }
}

void biasActivate(float* x, long rows, long cols, long ld, const float* bias, Activation act, float alpha) {
  switch (act) {
    case Activation::kLinear:
      if (bias) apply(x, rows, cols, ld, bias, [](float v) { return v; });
      return;
    case Activation::kRelu:
      return apply(x, rows, cols, ld, bias, [](float v) { return v < 0.0f ? 0.0f : v; });
    case Activation::kRelu6:
      return apply(x, rows, cols, ld, bias, [](float v) { return std::min(std::max(v, 0.0f), 6.0f); });
    case Activation::kElu:
      return apply(x, rows, cols, ld, bias, [](float v) { return v >= 0.0f ? v : std::expm1(v); });
    case Activation::kSigmoid:
      return apply(x, rows, cols, ld, bias, [](float v) { return 1.0f / (1.0f + std::exp(-v)); });
    case Activation::kLeakyRelu:
      return apply(x, rows, cols, ld, bias, [alpha](float v) { return v < 0.0f ? alpha * v : v; });
  }
}

}  // namespace snip
