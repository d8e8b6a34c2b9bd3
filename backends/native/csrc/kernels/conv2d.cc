// Conv2D and FusedConv2D (NHWC, HWIO filter): y = act(im2col(x) · W + bias), chunk by chunk.
#include "../kernels.h"

#include <algorithm>
#include <vector>

#include "../activation.h"
#include "../gemm.h"
#include "../im2col.h"
#include "../direct_conv.h"
#include "../thread_pool.h"
#include "../winograd.h"

namespace snip {

constexpr long kFewRows = 96;  // output pixels of a whole call below which the filter is not packed

void conv2d(const float* x, const float* w, const float* bias, float* y, const ConvGeometry& g, Activation act,
            float alpha) {
  const long P = g.outPixels(), K = g.patch(), N = g.outC;
  if (isPointwise(g)) {
    sgemm(false, false, int(g.batch * P), int(N), int(K), x, int(K), w, int(N), y, int(N), 0.0f);
    return biasActivate(y, g.batch * P, N, N, bias, act, alpha);
  }
  if (directConvApplies(g)) {  // a first layer: few taps and channels, straight from the image
    const int tasks = int(std::min<long>(g.batch, 4L * numThreads()));
    return parallelForWork(g.batch * P * K * N / 8, tasks, [&](int t, int) {
      const long n0 = g.batch * t / tasks, n1 = g.batch * (t + 1) / tasks;
      const bool fusable = act == Activation::kLinear || act == Activation::kRelu;  // into the kernel's stores
      const bool fused = directConv(x, w, fusable ? bias : nullptr, act == Activation::kRelu, y, g, n0, n1) && fusable;
      if (!fused) biasActivate(y + n0 * P * N, (n1 - n0) * P, N, N, bias, act, alpha);
    });
  }
  if (winogradApplies(g)) return conv2dWinograd(x, w, false, bias, y, g, act, alpha);
  const long rows = chunkRows(g, 256 << 10), perImage = (P + rows - 1) / rows;
  const long tasks = g.batch * perImage;
  const bool outer = tasks >= 2L * numThreads();  // parallel over chunks, else inside each GEMM
  std::vector<std::vector<float>> cols(outer ? numThreads() : 1);
  // Packing the filter pays when many rows reuse it; a few (batch-1 inference of a deep layer:
  // 4 pixels against 4608×512 taps) read it in place, which sgemm does for small products.
  const bool pack = g.batch * P > kFewRows;
  const PackedB filter(false, pack ? int(K) : 0, pack ? int(N) : 0, w, int(N));
  auto chunk = [&](long task, int thread) {
    const long n = task / perImage, q0 = (task % perImage) * rows, q1 = std::min(P, q0 + rows);
    std::vector<float>& col = cols[thread];
    col.resize(rows * K);
    im2col(x + n * g.inImage(), g, q0, q1, col.data());
    float* out = y + (n * P + q0) * N;
    if (pack)
      sgemmPackedB(int(q1 - q0), col.data(), int(K), filter, out, int(N), 0.0f, !outer);
    else
      sgemm(false, false, int(q1 - q0), int(N), int(K), col.data(), int(K), w, int(N), out, int(N), 0.0f, !outer);
    biasActivate(out, q1 - q0, N, N, bias, act, alpha);
  };
  if (outer)
    parallelFor(int(tasks), [&](int t, int thread) { chunk(t, thread); });
  else
    for (long t = 0; t < tasks; ++t) chunk(t, 0);
}

void conv2dMaxPool2x2(const float* x, const float* w, const float* bias, float* y, const ConvGeometry& g,
                      Activation act, float alpha) {
  if ((act == Activation::kLinear || act == Activation::kRelu) && directConvApplies(g) && directConvPoolable()) {
    const int tasks = int(std::min<long>(g.batch, 4L * numThreads()));
    return parallelForWork(g.batch * g.outPixels() * g.patch() * g.outC / 8, tasks, [&](int t, int) {
      directConvMaxPool2x2(x, w, bias, act == Activation::kRelu, y, g, g.batch * t / tasks, g.batch * (t + 1) / tasks);
    });
  }
  std::vector<float> full(size_t(g.batch * g.outPixels() * g.outC));
  conv2d(x, w, bias, full.data(), g, act, alpha);
  maxPool(full.data(), y, g.pool2x2());
}

// in: x, filter[, bias]; attrs: geometry, activation, alpha, hasBias[, pool: 1 for a 2×2 max
// pool of the result (a step's replay fuses the two kernels)].
const char* runConv2D(const KernelCall& c) {
  const ConvGeometry g = ConvGeometry::fromAttrs(c);
  const int a = ConvGeometry::kNumAttrs;
  const float* bias = c.attr(a + 2) ? c.in[2] : nullptr;
  (c.attr(a + 3) ? conv2dMaxPool2x2 : conv2d)(c.in[0], c.in[1], bias, c.out[0], g, Activation(c.attr(a)), float(c.attrF(a + 1)));
  return nullptr;
}

}  // namespace snip
