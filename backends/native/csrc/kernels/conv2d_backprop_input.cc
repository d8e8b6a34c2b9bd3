// Conv2DBackpropInput: dx = col2im(dy · Wᵀ), one image per task so scatters never race.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../gemm.h"
#include "../im2col.h"
#include "../kernels.h"
#include "../thread_pool.h"
#include "../winograd.h"

namespace snip {

void conv2dBackpropInput(const float* dy, const float* w, float* dx, const ConvGeometry& g) {
  const long P = g.outPixels(), K = g.patch(), N = g.outC;
  if (isPointwise(g))
    return sgemm(false, true, int(g.batch * P), int(K), int(N), dy, int(N), w, int(N), dx, int(K), 0.0f);
  // At stride 1, dx is the forward convolution of dy with the flipped filter.
  const ConvGeometry t{g.batch, g.outH, g.outW, g.outC, g.inH, g.inW, g.inC, g.fH, g.fW, 1, 1, 1, 1,
                       g.fH - 1 - g.padTop, g.fW - 1 - g.padLeft};
  if (g.strideH == 1 && g.strideW == 1 && winogradApplies(t))
    return conv2dWinograd(dy, w, true, nullptr, dx, t, Activation::kLinear, 0.0f);
  std::memset(dx, 0, sizeof(float) * g.batch * g.inImage());
  const long rows = chunkRows(g, 256 << 10);
  const bool outer = g.batch >= numThreads();
  std::vector<std::vector<float>> cols(outer ? numThreads() : 1);
  const PackedB filterT(true, int(N), int(K), w, int(N));  // Wᵀ: outC × patch
  auto image = [&](long n, int thread) {
    std::vector<float>& col = cols[thread];
    col.resize(rows * K);
    for (long q0 = 0; q0 < P; q0 += rows) {
      const long q1 = std::min(P, q0 + rows);
      sgemmPackedB(int(q1 - q0), dy + (n * P + q0) * N, int(N), filterT, col.data(), int(K), 0.0f, !outer);
      col2imAdd(col.data(), g, q0, q1, dx + n * g.inImage());
    }
  };
  if (outer)
    parallelFor(int(g.batch), [&](int n, int thread) { image(n, thread); });
  else
    for (long n = 0; n < g.batch; ++n) image(n, 0);
}

// in: dy, filter; attrs: geometry of the forward convolution.
const char* runConv2DBackpropInput(const KernelCall& c) {
  conv2dBackpropInput(c.in[0], c.in[1], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
