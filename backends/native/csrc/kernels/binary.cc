// Broadcasting binary maps (elementwise.h): Add, Sub, Multiply, RealDiv.
// in: a, b; attrs: broadcast shape (BroadcastShape::fromAttrs).
#include "../elementwise.h"
#include "../kernels.h"

namespace snip {
namespace {

template <typename F>
const char* runBinary(const KernelCall& c, F f) {
  binaryMap(c.in[0], c.in[1], c.out[0], BroadcastShape::fromAttrs(c), f);
  return nullptr;
}

}  // namespace

const char* runAdd(const KernelCall& c) { return runBinary(c, [](float a, float b) { return a + b; }); }
const char* runSub(const KernelCall& c) { return runBinary(c, [](float a, float b) { return a - b; }); }
const char* runMultiply(const KernelCall& c) { return runBinary(c, [](float a, float b) { return a * b; }); }
const char* runRealDiv(const KernelCall& c) { return runBinary(c, [](float a, float b) { return a / b; }); }

}  // namespace snip
