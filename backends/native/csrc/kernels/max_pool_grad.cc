// MaxPoolGrad: dy of each window goes to its first maximal input (as tfjs-backend-cpu picks it).
#include <cstring>
#include <limits>
#include <vector>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

void maxPoolGrad(const float* dy, const float* x, float* dx, const ConvGeometry& g) {
  const long C = g.inC;
  std::memset(dx, 0, sizeof(float) * g.batch * g.inImage());
  parallelFor(int(g.batch), [&](int n, int) {  // windows may overlap: one image per task
    const float* image = x + n * g.inImage();
    float* grad = dx + n * g.inImage();
    std::vector<float> best(C);
    std::vector<long> where(C);
    for (long oh = 0; oh < g.outH; ++oh)
      for (long ow = 0; ow < g.outW; ++ow) {
        for (long c = 0; c < C; ++c) best[c] = -std::numeric_limits<float>::infinity(), where[c] = -1;
        for (long kh = 0; kh < g.fH; ++kh) {
          const long ih = oh * g.strideH - g.padTop + kh * g.dilH;
          if (ih < 0 || ih >= g.inH) continue;
          for (long kw = 0; kw < g.fW; ++kw) {
            const long iw = ow * g.strideW - g.padLeft + kw * g.dilW;
            if (iw < 0 || iw >= g.inW) continue;
            const long base = (ih * g.inW + iw) * C;
            for (long c = 0; c < C; ++c)
              if (image[base + c] > best[c]) best[c] = image[base + c], where[c] = base + c;
          }
        }
        const float* d = dy + ((n * g.outH + oh) * g.outW + ow) * C;
        for (long c = 0; c < C; ++c)
          if (where[c] >= 0) grad[where[c]] += d[c];
      }
  });
}

// in: dy, x (the forward input); attrs: pooling geometry.
const char* runMaxPoolGrad(const KernelCall& c) {
  maxPoolGrad(c.in[0], c.in[1], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
