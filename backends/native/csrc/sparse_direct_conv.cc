#include "sparse_direct_conv.h"

#include <algorithm>
#include <cstring>
#include <immintrin.h>
#include <vector>

#include "kernels.h"
#include "sparse_products.h"
#include "thread_pool.h"

namespace snip {
namespace {

#define SNIP_AVX2 __attribute__((target("avx2,fma")))

// The planar, zero-padded image: plane c holds rows of Wp floats, Hp of them, wide enough that
// every 8-wide window an output vector reads lies inside.
struct Planes {
  long Wo8, Wp, Hp, plane;
  explicit Planes(const ConvGeometry& g)
      : Wo8((g.outW + 7) / 8 * 8), Wp(Wo8 + g.fW - 1), Hp(g.outH + g.fH - 1), plane(Wp * Hp) {}

  // The image's planes through an 8×8-block transpose, then copied row by row into the padding.
  void fill(const float* image, const ConvGeometry& g, float* chw, float* out) const {
    const long HW = g.inH * g.inW;
    const bool exact = g.padTop == 0 && g.padLeft == 0 && Hp == g.inH && Wp == g.inW;
    transpose(image, exact ? out : chw, HW, g.inC);
    if (exact) return;
    std::memset(out, 0, sizeof(float) * size_t(plane * g.inC));
    const long w0 = std::max(0L, -g.padLeft), w1 = std::min(g.inW, Wp - g.padLeft);
    for (long c = 0; c < g.inC; ++c)
      for (long ih = std::max(0L, -g.padTop); ih < std::min(g.inH, Hp - g.padTop); ++ih)
        if (w1 > w0)
          std::memcpy(out + c * plane + (ih + g.padTop) * Wp + w0 + g.padLeft, chw + c * HW + ih * g.inW + w0,
                      sizeof(float) * size_t(w1 - w0));
  }
};

// R output rows × 8 pixels from (oh0, ow0) of one channel: Σ over its kept taps q of
// w[q] · planes[off[q] + (oh0 + r)·Wp + ow0 ..+8). Named accumulators: as an array, -O3 keeps
// them on the stack and clears it with `rep stos` on every call (a fifth of the kernel's time).
template <int R>
SNIP_AVX2 void rowsOfChannel(const float* planes, const int32_t* off, const float* wq, int32_t q0, int32_t q1, long Wp,
                             long base, float* out, long outStride) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
#define SNIP_ROW(r, a) \
  if constexpr (R > r) a = _mm256_fmadd_ps(v, _mm256_loadu_ps(s + r * Wp), a)
  for (int32_t q = q0; q < q1; ++q) {
    const __m256 v = _mm256_set1_ps(wq[q]);
    const float* s = planes + off[q] + base;
    SNIP_ROW(0, a0); SNIP_ROW(1, a1); SNIP_ROW(2, a2); SNIP_ROW(3, a3);
    SNIP_ROW(4, a4); SNIP_ROW(5, a5); SNIP_ROW(6, a6); SNIP_ROW(7, a7);
  }
#undef SNIP_ROW
#define SNIP_STORE(r, a) \
  if constexpr (R > r) _mm256_storeu_ps(out + r * outStride, a)
  SNIP_STORE(0, a0); SNIP_STORE(1, a1); SNIP_STORE(2, a2); SNIP_STORE(3, a3);
  SNIP_STORE(4, a4); SNIP_STORE(5, a5); SNIP_STORE(6, a6); SNIP_STORE(7, a7);
#undef SNIP_STORE
}

using RowsFn = void (*)(const float*, const int32_t*, const float*, int32_t, int32_t, long, long, float*, long);
constexpr RowsFn kRows[9] = {nullptr, rowsOfChannel<1>, rowsOfChannel<2>, rowsOfChannel<3>, rowsOfChannel<4>,
                             rowsOfChannel<5>, rowsOfChannel<6>, rowsOfChannel<7>, rowsOfChannel<8>};

const bool kAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

}  // namespace

bool maskedConv2dDirect(const float* x, const float* w, const float* bias, int act, const SparsePattern& p, float* y,
                        const ConvGeometry& g, bool pool) {
  if (!kAvx2 || g.strideH != 1 || g.strideW != 1 || g.dilH != 1 || g.dilW != 1) return false;
  const Planes pl(g);
  const long N = p.N, P = g.outPixels(), rowsOut = g.outH * pl.Wo8;
  // Per kept (k, n) in CSC order: where tap k reads in the planes, and the weight.
  std::vector<int32_t> off(size_t(p.nnz));
  std::vector<float> wq(size_t(p.nnz));
  for (long n = 0; n < N; ++n)
    for (int32_t q = p.colPtr[n]; q < p.colPtr[n + 1]; ++q) {
      const long k = p.colRows[q], kh = k / (g.fW * g.inC), kw = (k / g.inC) % g.fW, c = k % g.inC;
      off[size_t(q)] = int32_t(c * pl.plane + kh * pl.Wp + kw);
      wq[size_t(q)] = w[k * N + n];
    }
  parallelForWork(g.batch * 2L * p.nnz * P, int(g.batch), [&](int b, int) {
    float* planes = threadScratch(0, size_t(pl.plane * g.inC));
    float* yT = threadScratch(1, size_t(N * rowsOut));  // [n][oh][Wo8]
    pl.fill(x + b * g.inImage(), g, threadScratch(2, size_t(g.inImage())), planes);
    for (long n = 0; n < N; ++n) {
      float* outN = yT + n * rowsOut;
      for (long oh0 = 0; oh0 < g.outH; oh0 += 8) {
        const int R = int(std::min(8L, g.outH - oh0));
        for (long ow0 = 0; ow0 < pl.Wo8; ow0 += 8)
          kRows[R](planes, off.data(), wq.data(), p.colPtr[n], p.colPtr[n + 1], pl.Wp, oh0 * pl.Wp + ow0,
                   outN + oh0 * pl.Wo8 + ow0, pl.Wo8);
      }
    }
    if (pool) {  // act(v + bias) on each row, the windows' maxima as maxPool takes them, then one transpose
      const long PH = g.outH / 2, PW = g.outW / 2;
      float* pooledT = threadScratch(3, size_t(N * PH * PW));  // [n][ph][pw]
      for (long n = 0; n < N; ++n) {
        const float bn = bias ? bias[n] : 0.0f;
        for (long ph = 0; ph < PH; ++ph) {
          float* __restrict top = yT + n * rowsOut + 2 * ph * pl.Wo8;
          float* __restrict bottom = top + pl.Wo8;
          for (long ow = 0; ow < 2 * PW; ++ow) {
            const float t = top[ow] + bn, u = bottom[ow] + bn;
            top[ow] = act == 1 ? std::max(t, 0.0f) : t;
            bottom[ow] = act == 1 ? std::max(u, 0.0f) : u;
          }
          float* o = pooledT + (n * PH + ph) * PW;
          for (long pw = 0; pw < PW; ++pw) o[pw] = max2x2(top[2 * pw], top[2 * pw + 1], bottom[2 * pw], bottom[2 * pw + 1]);
        }
      }
      transpose(pooledT, y + b * PH * PW * N, N, PH * PW);
      return;
    }
    float* out = y + b * P * N;
    if (pl.Wo8 == g.outW) {  // yT is [n][pixel]: a transpose, then bias and activation along n
      transpose(yT, out, N, P);
      if (bias || act == 1)
        for (long q = 0; q < P; ++q) {
          float* o = out + q * N;
          for (long n = 0; n < N; ++n) {
            const float v = o[n] + (bias ? bias[n] : 0.0f);
            o[n] = act == 1 ? std::max(v, 0.0f) : v;
          }
        }
      return;
    }
    for (long n = 0; n < N; ++n) {
      const float* src = yT + n * rowsOut;
      const float bn = bias ? bias[n] : 0.0f;
      for (long oh = 0; oh < g.outH; ++oh)
        for (long ow = 0; ow < g.outW; ++ow) {
          const float v = src[oh * pl.Wo8 + ow] + bn;
          out[(oh * g.outW + ow) * N + n] = act == 1 ? std::max(v, 0.0f) : v;
        }
    }
  });
  return true;
}

}  // namespace snip
