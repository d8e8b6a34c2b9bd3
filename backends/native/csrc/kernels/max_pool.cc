// MaxPool (NHWC): y = max over each window, padding ignored (−∞ if a window is all padding).
#include <limits>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

// 2×2 windows, stride 2, no padding (VGG's, LeNet's and the bench's pools): the four taps of a
// window are two adjacent pixels of two rows, and the loop over channels vectorises.
bool isDisjoint2x2(const ConvGeometry& g) {
  return g.fH == 2 && g.fW == 2 && g.strideH == 2 && g.strideW == 2 && g.dilH == 1 && g.dilW == 1 && g.padTop == 0 &&
         g.padLeft == 0 && g.outH == g.inH / 2 && g.outW == g.inW / 2;
}

namespace {

void maxPool2x2(const float* x, float* y, const ConvGeometry& g) {
  const long C = g.inC, row = g.inW * C;
  parallelForWork(g.batch * g.inImage(), int(g.batch * g.outH), [&](int task, int) {
    const long n = task / g.outH, oh = task % g.outH;
    const float* __restrict top = x + n * g.inImage() + 2 * oh * row;
    const float* __restrict bottom = top + row;
    float* __restrict out = y + (n * g.outH + oh) * g.outW * C;
    for (long ow = 0; ow < g.outW; ++ow, out += C, top += 2 * C, bottom += 2 * C)
      for (long c = 0; c < C; ++c) out[c] = max2x2(top[c], top[C + c], bottom[c], bottom[C + c]);
  });
}

}  // namespace

void maxPool(const float* x, float* y, const ConvGeometry& g) {
  if (isDisjoint2x2(g)) return maxPool2x2(x, y, g);
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
