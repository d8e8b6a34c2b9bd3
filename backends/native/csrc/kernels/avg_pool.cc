// AvgPool (NHWC): mean over the in-bounds part of each window (as tfjs-backend-cpu).
#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

void avgPool(const float* x, float* y, const ConvGeometry& g) {
  const long C = g.inC;
  parallelFor(int(g.batch * g.outH), [&](int task, int) {
    const long n = task / g.outH, oh = task % g.outH;
    const float* image = x + n * g.inImage();
    for (long ow = 0; ow < g.outW; ++ow) {
      float* out = y + ((n * g.outH + oh) * g.outW + ow) * C;
      for (long c = 0; c < C; ++c) out[c] = 0.0f;
      long count = 0;
      g.forEachTap(oh, ow, [&](long pixel) {
        const float* in = image + pixel * C;
        for (long c = 0; c < C; ++c) out[c] += in[c];
        ++count;
      });
      const float scale = count ? 1.0f / float(count) : 0.0f;
      for (long c = 0; c < C; ++c) out[c] *= scale;
    }
  });
}

// in: x; attrs: pooling geometry.
const char* runAvgPool(const KernelCall& c) {
  avgPool(c.in[0], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
