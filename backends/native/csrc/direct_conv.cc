#include "direct_conv.h"

#include "kernels.h"

#include <algorithm>
#include <immintrin.h>
#include <vector>

namespace snip {

bool directConvApplies(const ConvGeometry& g) {
  return g.patch() <= 128 && g.outC <= 64 && g.padTop == 0 && g.padLeft == 0 &&
         (g.outH - 1) * g.strideH + (g.fH - 1) * g.dilH < g.inH && (g.outW - 1) * g.strideW + (g.fW - 1) * g.dilW < g.inW;
}

namespace {

#define SNIP_AVX2 __attribute__((target("avx2,fma")))

// Offset of each tap (kh, kw, c) in the image, relative to its window's top-left input.
std::vector<long> tapOffsets(const ConvGeometry& g) {
  std::vector<long> off;
  for (long kh = 0; kh < g.fH; ++kh)
    for (long kw = 0; kw < g.fW; ++kw)
      for (long c = 0; c < g.inC; ++c) off.push_back((kh * g.dilH * g.inW + kw * g.dilW) * g.inC + c);
  return off;
}

// The first `width` (1..8) lanes of v to out. Not a masked store: on AMD's Zen those are microcoded
// and cost tens of cycles each.
SNIP_AVX2 inline void storeLanes(float* out, __m256 v, long width) {
  if (width == 8) return _mm256_storeu_ps(out, v);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  for (long i = 0; i < width; ++i) out[i] = lanes[i];
}

// + bias, then relu if asked: the fused epilogue of a convolution layer.
SNIP_AVX2 inline __m256 epilogue(__m256 v, const float* bias, bool relu) {
  v = _mm256_add_ps(v, _mm256_loadu_ps(bias));
  return relu ? _mm256_max_ps(v, _mm256_setzero_ps()) : v;
}

// The first `width` (1..8) values at `in`, zeros after (masked loads, unlike stores, are fast).
SNIP_AVX2 inline __m256 loadLanes(const float* in, long width) {
  if (width == 8) return _mm256_loadu_ps(in);
  return _mm256_maskload_ps(in, _mm256_cmpgt_epi32(_mm256_set1_epi32(int(width)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)));
}

// Four consecutive output pixels × 24 channels from n0: twelve accumulators, written out as
// named variables (as an array, -O3 keeps them in memory: a store per multiply-add).
SNIP_AVX2 inline void fourPixels24(const float* in, long step, const long* off, long K, const float* wPad, long Np,
                                   long n0, float* out, long N, const float* biasPad, bool relu) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0, c0 = a0, c1 = a0, c2 = a0, d0 = a0,
         d1 = a0, d2 = a0;
  for (long k = 0; k < K; ++k) {
    const float* w = wPad + k * Np + n0;
    const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8), w2 = _mm256_loadu_ps(w + 16);
    const float* p = in + off[k];
    __m256 v = _mm256_broadcast_ss(p);
    a0 = _mm256_fmadd_ps(v, w0, a0), a1 = _mm256_fmadd_ps(v, w1, a1), a2 = _mm256_fmadd_ps(v, w2, a2);
    v = _mm256_broadcast_ss(p + step);
    b0 = _mm256_fmadd_ps(v, w0, b0), b1 = _mm256_fmadd_ps(v, w1, b1), b2 = _mm256_fmadd_ps(v, w2, b2);
    v = _mm256_broadcast_ss(p + 2 * step);
    c0 = _mm256_fmadd_ps(v, w0, c0), c1 = _mm256_fmadd_ps(v, w1, c1), c2 = _mm256_fmadd_ps(v, w2, c2);
    v = _mm256_broadcast_ss(p + 3 * step);
    d0 = _mm256_fmadd_ps(v, w0, d0), d1 = _mm256_fmadd_ps(v, w1, d1), d2 = _mm256_fmadd_ps(v, w2, d2);
  }
  const long w0 = std::min(8L, N - n0), w1 = std::min(8L, N - n0 - 8), w2 = std::min(8L, N - n0 - 16);
  const __m256 rows[4][3] = {{a0, a1, a2}, {b0, b1, b2}, {c0, c1, c2}, {d0, d1, d2}};
  for (int r = 0; r < 4; ++r) {
    float* o = out + r * N + n0;
    storeLanes(o, epilogue(rows[r][0], biasPad + n0, relu), w0);
    if (w1 > 0) storeLanes(o + 8, epilogue(rows[r][1], biasPad + n0 + 8, relu), w1);
    if (w2 > 0) storeLanes(o + 16, epilogue(rows[r][2], biasPad + n0 + 16, relu), w2);
  }
}

// One output pixel × 24 channels from n0 (the row's last pixels).
SNIP_AVX2 inline void onePixel24(const float* in, const long* off, long K, const float* wPad, long Np, long n0, float* out,
                                 long N, const float* biasPad, bool relu) {
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0;
  for (long k = 0; k < K; ++k) {
    const float* w = wPad + k * Np + n0;
    const __m256 v = _mm256_broadcast_ss(in + off[k]);
    a0 = _mm256_fmadd_ps(v, _mm256_loadu_ps(w), a0);
    a1 = _mm256_fmadd_ps(v, _mm256_loadu_ps(w + 8), a1);
    a2 = _mm256_fmadd_ps(v, _mm256_loadu_ps(w + 16), a2);
  }
  const long w0 = std::min(8L, N - n0), w1 = std::min(8L, N - n0 - 8), w2 = std::min(8L, N - n0 - 16);
  storeLanes(out + n0, epilogue(a0, biasPad + n0, relu), w0);
  if (w1 > 0) storeLanes(out + n0 + 8, epilogue(a1, biasPad + n0 + 8, relu), w1);
  if (w2 > 0) storeLanes(out + n0 + 16, epilogue(a2, biasPad + n0 + 16, relu), w2);
}

// Output row oh of image n: outW pixels × N channels at out.
SNIP_AVX2 void convRowAvx2(const float* x, const float* wPad, long Np, const long* off, const float* biasPad, bool relu,
                           const ConvGeometry& g, long n, long oh, float* out) {
  const long K = g.patch(), N = g.outC, step = g.strideW * g.inC;
  const float* row = x + n * g.inImage() + oh * g.strideH * g.inW * g.inC;
  long ow = 0;
  for (; ow + 4 <= g.outW; ow += 4)
    for (long n0 = 0; n0 < N; n0 += 24)
      fourPixels24(row + ow * step, step, off, K, wPad, Np, n0, out + ow * N, N, biasPad, relu);
  for (; ow < g.outW; ++ow)
    for (long n0 = 0; n0 < N; n0 += 24) onePixel24(row + ow * step, off, K, wPad, Np, n0, out + ow * N, N, biasPad, relu);
}

SNIP_AVX2 void directConvAvx2(const float* x, const float* wPad, long Np, const long* off, const float* biasPad, bool relu,
                              float* y, const ConvGeometry& g, long n0, long n1) {
  for (long n = n0; n < n1; ++n)
    for (long oh = 0; oh < g.outH; ++oh)
      convRowAvx2(x, wPad, Np, off, biasPad, relu, g, n, oh, y + (n * g.outPixels() + oh * g.outW) * g.outC);
}

SNIP_AVX2 void directConvMaxPool2x2Avx2(const float* x, const float* wPad, long Np, const long* off, const float* biasPad,
                                        bool relu, float* y, const ConvGeometry& g, long n0, long n1) {
  const long N = g.outC, PH = g.outH / 2, PW = g.outW / 2, rowSize = g.outW * N;
  std::vector<float> rows(size_t(2 * rowSize));
  float* top = rows.data();
  float* bottom = top + rowSize;
  for (long n = n0; n < n1; ++n)
    for (long ph = 0; ph < PH; ++ph) {
      convRowAvx2(x, wPad, Np, off, biasPad, relu, g, n, 2 * ph, top);
      convRowAvx2(x, wPad, Np, off, biasPad, relu, g, n, 2 * ph + 1, bottom);
      float* out = y + (n * PH + ph) * PW * N;
      for (long pw = 0; pw < PW; ++pw)
        for (long c = 0; c < N; ++c) {
          const long i = 2 * pw * N + c;
          out[pw * N + c] = max2x2(top[i], top[i + N], bottom[i], bottom[i + N]);
        }
    }
}

// dw[k0..k0+4, n0..n0+24) += Σ_pixels x[pixel + off[k]] · dy[pixel, n]: twelve named
// accumulators (see fourPixels24); taps past K read tap k0 again and are not written.
SNIP_AVX2 inline void fourTapsTimesGrad(const float* x, const float* dy, const long* off, long k0, long n0, float* dw,
                                        const ConvGeometry& g, long n) {
  const long N = g.outC, K = g.patch(), step = g.strideW * g.inC;
  const long w0 = std::min(8L, N - n0), w1 = std::min(8L, N - n0 - 8), w2 = std::min(8L, N - n0 - 16);
  const long o0 = off[k0], o1 = off[std::min(k0 + 1, K - 1)], o2 = off[std::min(k0 + 2, K - 1)], o3 = off[std::min(k0 + 3, K - 1)];
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0, c0 = a0, c1 = a0, c2 = a0, e0 = a0,
         e1 = a0, e2 = a0;
  for (long oh = 0; oh < g.outH; ++oh) {
    const float* row = x + n * g.inImage() + oh * g.strideH * g.inW * g.inC;
    const float* grad = dy + (n * g.outPixels() + oh * g.outW) * N + n0;
    for (long ow = 0; ow < g.outW; ++ow, grad += N) {
      const __m256 d0 = loadLanes(grad, w0), d1 = w1 > 0 ? loadLanes(grad + 8, w1) : _mm256_setzero_ps();
      const __m256 d2 = w2 > 0 ? loadLanes(grad + 16, w2) : _mm256_setzero_ps();
      const float* in = row + ow * step;
      __m256 v = _mm256_broadcast_ss(in + o0);
      a0 = _mm256_fmadd_ps(v, d0, a0), a1 = _mm256_fmadd_ps(v, d1, a1), a2 = _mm256_fmadd_ps(v, d2, a2);
      v = _mm256_broadcast_ss(in + o1);
      b0 = _mm256_fmadd_ps(v, d0, b0), b1 = _mm256_fmadd_ps(v, d1, b1), b2 = _mm256_fmadd_ps(v, d2, b2);
      v = _mm256_broadcast_ss(in + o2);
      c0 = _mm256_fmadd_ps(v, d0, c0), c1 = _mm256_fmadd_ps(v, d1, c1), c2 = _mm256_fmadd_ps(v, d2, c2);
      v = _mm256_broadcast_ss(in + o3);
      e0 = _mm256_fmadd_ps(v, d0, e0), e1 = _mm256_fmadd_ps(v, d1, e1), e2 = _mm256_fmadd_ps(v, d2, e2);
    }
  }
  const __m256 taps[4][3] = {{a0, a1, a2}, {b0, b1, b2}, {c0, c1, c2}, {e0, e1, e2}};
  for (long t = 0; t < 4 && k0 + t < K; ++t) {
    float* o = dw + (k0 + t) * N + n0;
    storeLanes(o, _mm256_add_ps(loadLanes(o, w0), taps[t][0]), w0);
    if (w1 > 0) storeLanes(o + 8, _mm256_add_ps(loadLanes(o + 8, w1), taps[t][1]), w1);
    if (w2 > 0) storeLanes(o + 16, _mm256_add_ps(loadLanes(o + 16, w2), taps[t][2]), w2);
  }
}

SNIP_AVX2 void directConvFilterGradAvx2(const float* x, const float* dy, const long* off, float* dw, const ConvGeometry& g,
                                        long n0, long n1) {
  for (long n = n0; n < n1; ++n)
    for (long c0 = 0; c0 < g.outC; c0 += 24)
      for (long k = 0; k < g.patch(); k += 4) fourTapsTimesGrad(x, dy, off, k, c0, dw, g, n);
}

void directConvPortable(const float* x, const float* w, const long* off, float* y, const ConvGeometry& g, long n0, long n1) {
  const long K = g.patch(), N = g.outC;
  for (long n = n0; n < n1; ++n)
    for (long oh = 0; oh < g.outH; ++oh)
      for (long ow = 0; ow < g.outW; ++ow) {
        const float* in = x + n * g.inImage() + (oh * g.strideH * g.inW + ow * g.strideW) * g.inC;
        float* out = y + (n * g.outPixels() + oh * g.outW + ow) * N;
        std::fill(out, out + N, 0.0f);
        for (long k = 0; k < K; ++k)
          for (long c = 0; c < N; ++c) out[c] += in[off[k]] * w[k * N + c];
      }
}

void directConvFilterGradPortable(const float* x, const float* dy, const long* off, float* dw, const ConvGeometry& g,
                                  long n0, long n1) {
  const long K = g.patch(), N = g.outC;
  for (long n = n0; n < n1; ++n)
    for (long oh = 0; oh < g.outH; ++oh)
      for (long ow = 0; ow < g.outW; ++ow) {
        const float* in = x + n * g.inImage() + (oh * g.strideH * g.inW + ow * g.strideW) * g.inC;
        const float* d = dy + (n * g.outPixels() + oh * g.outW + ow) * N;
        for (long k = 0; k < K; ++k)
          for (long c = 0; c < N; ++c) dw[k * N + c] += in[off[k]] * d[c];
      }
}

const bool kAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

}  // namespace

// The filter and bias padded to whole 24-lane blocks (no load runs past a row), and the taps' offsets.
struct DirectWeights {
  std::vector<long> off;
  long Np;
  std::vector<float> wPad, biasPad;
  DirectWeights(const float* w, const float* bias, const ConvGeometry& g)
      : off(tapOffsets(g)), Np((g.outC + 23) / 24 * 24), wPad(size_t(g.patch()) * Np, 0.0f), biasPad(Np, 0.0f) {
    for (long k = 0; k < g.patch(); ++k) std::copy(w + k * g.outC, w + (k + 1) * g.outC, wPad.begin() + k * Np);
    if (bias) std::copy(bias, bias + g.outC, biasPad.begin());
  }
};

bool directConv(const float* x, const float* w, const float* bias, bool relu, float* y, const ConvGeometry& g, long n0,
                long n1) {
  if (!kAvx2) {
    directConvPortable(x, w, tapOffsets(g).data(), y, g, n0, n1);
    return false;
  }
  const DirectWeights d(w, bias, g);
  directConvAvx2(x, d.wPad.data(), d.Np, d.off.data(), d.biasPad.data(), relu, y, g, n0, n1);
  return true;
}

bool directConvPoolable() { return kAvx2; }

void directConvMaxPool2x2(const float* x, const float* w, const float* bias, bool relu, float* y, const ConvGeometry& g,
                          long n0, long n1) {
  const DirectWeights d(w, bias, g);
  directConvMaxPool2x2Avx2(x, d.wPad.data(), d.Np, d.off.data(), d.biasPad.data(), relu, y, g, n0, n1);
}

void directConvFilterGradAdd(const float* x, const float* dy, float* dw, const ConvGeometry& g, long n0, long n1) {
  const std::vector<long> off = tapOffsets(g);
  (kAvx2 ? directConvFilterGradAvx2 : directConvFilterGradPortable)(x, dy, off.data(), dw, g, n0, n1);
}

}  // namespace snip
