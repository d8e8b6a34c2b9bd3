// Add with broadcasting: y = a + b.
#include <cmath>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void add(const float* a, const float* b, float* y, const BroadcastShape& s) {
  binaryMap(a, b, y, s, [](float a, float b) { return a + b; });
}

// in: a, b; attrs: broadcast shape (elementwise.h).
const char* runAdd(const KernelCall& c) {
  add(c.in[0], c.in[1], c.out[0], BroadcastShape::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
