// MaxPool (NHWC): y = max over each window, padding ignored (−∞ if a window is all padding).
#include <limits>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

void maxPool(const float* x, float* y, const ConvGeometry& g) {
  const long C = g.inC;
  parallelFor(int(g.batch * g.outH), [&](int task, int) {
    const long n = task / g.outH, oh = task % g.outH;
    const float* image = x + n * g.inImage();
    for (long ow = 0; ow < g.outW; ++ow) {
      float* out = y + ((n * g.outH + oh) * g.outW + ow) * C;
      for (long c = 0; c < C; ++c) out[c] = -std::numeric_limits<float>::infinity();
      g.forEachTap(oh, ow, [&](long pixel) {
        const float* in = image + pixel * C;
        for (long c = 0; c < C; ++c) out[c] = in[c] > out[c] ? in[c] : out[c];
      });
    }
  });
}

// in: x; attrs: pooling geometry (outC = inC).
const char* runMaxPool(const KernelCall& c) {
  maxPool(c.in[0], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
