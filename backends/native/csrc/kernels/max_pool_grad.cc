// MaxPoolGrad: dy of each window goes to the first input equal to the window's maximum y
// (the first maximum, as tfjs-backend-cpu picks it). Windows that do not overlap in H
// write disjoint rows of dx, so rows of windows run in parallel; otherwise whole images do.
#include <algorithm>
#include <cstring>
#include <vector>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {
namespace {

// dx += routes of the windows in output row oh of image n (dx rows already zeroed).
void routeRow(const float* dy, const float* x, const float* y, float* dx, const ConvGeometry& g, long n, long oh,
              float* taken) {
  const long C = g.inC;
  const float* image = x + n * g.inImage();
  float* grad = dx + n * g.inImage();
  for (long ow = 0; ow < g.outW; ++ow) {
    const long o = ((n * g.outH + oh) * g.outW + ow) * C;
    const float *best = y + o, *d = dy + o;
    std::fill(taken, taken + C, 0.0f);
    g.forEachTap(oh, ow, [&](long pixel) {
      const float* in = image + pixel * C;
      float* out = grad + pixel * C;
      for (long c = 0; c < C; ++c) {
        const float hit = (in[c] == best[c] && taken[c] == 0.0f) ? 1.0f : 0.0f;
        out[c] += hit * d[c];
        taken[c] += hit;
      }
    });
  }
}

// One window's C channels: taps a b (top row) and c d (bottom row), each C apart.
inline void route2x2(const float* __restrict top, const float* __restrict bottom, const float* __restrict best,
                     const float* __restrict dy, float* __restrict gTop, float* __restrict gBottom, long C) {
  for (long c = 0; c < C; ++c) {
    const float m = best[c];
    float left = dy[c];  // selects only (no short-circuit), so the channel loop vectorises
    const float a = top[c] == m ? left : 0.0f;
    left -= a;
    const float b = top[C + c] == m ? left : 0.0f;
    left -= b;
    const float e = bottom[c] == m ? left : 0.0f;
    left -= e;
    gTop[c] = a, gTop[C + c] = b, gBottom[c] = e;
    gBottom[C + c] = bottom[C + c] == m ? left : 0.0f;
  }
}

// Disjoint 2×2 windows (isDisjoint2x2): every input pixel belongs to one window (or none, in
// an odd last row or column), so each is written once, branch-free: dy to the window's first
// tap equal to its maximum, in tap order (top left, top right, bottom left, bottom right).
void maxPoolGrad2x2(const float* dy, const float* x, const float* y, float* dx, const ConvGeometry& g) {
  const long C = g.inC, row = g.inW * C;
  parallelForWork(g.batch * g.inImage(), int(g.batch), [&](int n, int) {
    float* image = dx + n * g.inImage();
    if (g.inH % 2 == 1) std::fill(image + (g.inH - 1) * row, image + g.inH * row, 0.0f);
    for (long oh = 0; oh < g.outH; ++oh) {
      const float* __restrict top = x + n * g.inImage() + 2 * oh * row;
      const float* __restrict bottom = top + row;
      float* __restrict gTop = image + 2 * oh * row;
      float* __restrict gBottom = gTop + row;
      const long o = (n * g.outH + oh) * g.outW * C;
      const float* __restrict best = y + o;
      const float* __restrict d = dy + o;
      for (long ow = 0; ow < g.outW; ++ow) route2x2(top + 2 * ow * C, bottom + 2 * ow * C, best + ow * C, d + ow * C,
                                                    gTop + 2 * ow * C, gBottom + 2 * ow * C, C);
      if (g.inW % 2 == 1) std::fill(gTop + (g.inW - 1) * C, gTop + row, 0.0f), std::fill(gBottom + (g.inW - 1) * C, gBottom + row, 0.0f);
    }
  });
}

}  // namespace

void maxPoolGrad(const float* dy, const float* x, const float* y, float* dx, const ConvGeometry& g) {
  if (isDisjoint2x2(g)) return maxPoolGrad2x2(dy, x, y, dx, g);
  const bool rowsDisjoint = g.strideH >= (g.fH - 1) * g.dilH + 1;
  const long tasks = rowsDisjoint ? g.batch * g.outH : g.batch;
  std::vector<std::vector<float>> taken(numThreads(), std::vector<float>(g.inC));
  parallelFor(int(tasks), [&](int task, int thread) {
    const long n = rowsDisjoint ? task / g.outH : task;
    const long oh0 = rowsDisjoint ? task % g.outH : 0, oh1 = rowsDisjoint ? oh0 + 1 : g.outH;
    // Zero the input rows this task owns: from its first window's top (0 for the first task)
    // to the next task's (the end for the last).
    const long rowLen = g.inW * g.inC;
    auto top = [&](long oh) { return std::clamp(oh * g.strideH - g.padTop, 0L, g.inH); };
    const long h0 = oh0 == 0 ? 0 : top(oh0), h1 = oh1 == g.outH ? g.inH : top(oh1);
    std::memset(dx + n * g.inImage() + h0 * rowLen, 0, sizeof(float) * (h1 - h0) * rowLen);
    for (long oh = oh0; oh < oh1; ++oh) routeRow(dy, x, y, dx, g, n, oh, taken[thread].data());
  });
}

// in: dy, x (the forward input), y (the forward output); attrs: pooling geometry.
const char* runMaxPoolGrad(const KernelCall& c) {
  maxPoolGrad(c.in[0], c.in[1], c.in[2], c.out[0], ConvGeometry::fromAttrs(c));
  return nullptr;
}

}  // namespace snip
