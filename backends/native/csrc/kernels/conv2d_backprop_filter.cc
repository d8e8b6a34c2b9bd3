// Conv2DBackpropFilter: dW = Σ_chunks im2col(x)ᵀ · dy, each thread summing into its own copy.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../gemm.h"
#include "../im2col.h"
#include "../direct_conv.h"
#include "../kernels.h"
#include "../thread_pool.h"
#include "../winograd.h"

namespace snip {

void conv2dBackpropFilter(const float* x, const float* dy, float* dw, const ConvGeometry& g) {
  const long P = g.outPixels(), K = g.patch(), N = g.outC;
  if (isPointwise(g))
    return sgemm(true, false, int(K), int(N), int(g.batch * P), x, int(K), dy, int(N), dw, int(N), 0.0f);
  if (directConvApplies(g)) {  // a first layer: each thread sums its images' products
    const int threads = int(std::min<long>(g.batch, numThreads()));
    std::vector<std::vector<float>> part(threads, std::vector<float>(size_t(K) * N, 0.0f));
    parallelFor(threads, [&](int t, int) { directConvFilterGradAdd(x, dy, part[t].data(), g, g.batch * t / threads, g.batch * (t + 1) / threads); });
    for (long i = 0; i < K * N; ++i) {
      float sum = 0.0f;
      for (const auto& p : part) sum += p[i];
      dw[i] = sum;
    }
    return;
  }
  if (winogradApplies(g)) return conv2dBackpropFilterWinograd(x, dy, dw, g);
  const long rows = chunkRows(g, 512 << 10), perImage = (P + rows - 1) / rows;
  const long tasks = g.batch * perImage;
  const int threads = tasks >= 2L * numThreads() ? numThreads() : 1;
  std::vector<std::vector<float>> cols(threads), sums(threads);
  std::memset(dw, 0, sizeof(float) * K * N);
  for (int t = 1; t < threads; ++t) sums[t].assign(K * N, 0.0f);
  auto chunk = [&](long task, int thread) {
    const long n = task / perImage, q0 = (task % perImage) * rows, q1 = std::min(P, q0 + rows);
    std::vector<float>& col = cols[thread];
    col.resize(rows * K);
    im2col(x + n * g.inImage(), g, q0, q1, col.data());
    float* acc = thread == 0 ? dw : sums[thread].data();
    sgemm(true, false, int(K), int(N), int(q1 - q0), col.data(), int(K), dy + (n * P + q0) * N, int(N), acc,
          int(N), 1.0f, threads == 1);
  };
  if (threads > 1)
    parallelFor(int(tasks), [&](int t, int thread) { chunk(t, thread); });
  else
    for (long t = 0; t < tasks; ++t) chunk(t, 0);
  for (int t = 1; t < threads; ++t)
    for (long i = 0; i < K * N; ++i) dw[i] += sums[t][i];
}

// in: x, dy; attrs: geometry of the forward convolution.
const char* runConv2DBackpropFilter(const KernelCall& c) {
  conv2dBackpropFilter(c.in[0], c.in[1], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
