// AvgPoolGrad: each window spreads dy / (fH·fW) over its in-bounds inputs
// (tfjs-backend-cpu divides by the full window size here, even at padded edges).
#include <cstring>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

void avgPoolGrad(const float* dy, float* dx, const ConvGeometry& g) {
  const long C = g.inC;
  const float scale = 1.0f / float(g.fH * g.fW);
  std::memset(dx, 0, sizeof(float) * g.batch * g.inImage());
  parallelFor(int(g.batch), [&](int n, int) {
    float* grad = dx + n * g.inImage();
    for (long oh = 0; oh < g.outH; ++oh)
      for (long ow = 0; ow < g.outW; ++ow) {
        const float* d = dy + ((n * g.outH + oh) * g.outW + ow) * C;
        g.forEachTap(oh, ow, [&](long pixel) {
          float* out = grad + pixel * C;
          for (long c = 0; c < C; ++c) out[c] += d[c] * scale;
        });
      }
  });
}

// in: dy; attrs: pooling geometry.
const char* runAvgPoolGrad(const KernelCall& c) {
  avgPoolGrad(c.in[0], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
