#include "winograd.h"

#include <algorithm>
#include <vector>

#include "gemm.h"
#include "thread_pool.h"

namespace snip {
namespace {

typedef float v4 __attribute__((vector_size(16)));

inline v4 load(const float* p) {
  v4 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, v4 v) { __builtin_memcpy(p, &v, sizeof v); }

// U[ξ][ci][co] = (G g Gᵀ)[ξ] for each channel pair; G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
std::vector<float> transformFilter(const float* w, bool flipped, long C, long K) {
  std::vector<float> u(16 * C * K);
  const float G[4][3] = {{1, 0, 0}, {0.5f, 0.5f, 0.5f}, {0.5f, -0.5f, 0.5f}, {0, 0, 1}};
  for (long ci = 0; ci < C; ++ci)
    for (long co = 0; co < K; ++co) {
      float g[3][3];
      for (int kh = 0; kh < 3; ++kh)
        for (int kw = 0; kw < 3; ++kw)
          g[kh][kw] = flipped ? w[((2 - kh) * 3 + (2 - kw)) * C * K + co * C + ci] : w[(kh * 3 + kw) * C * K + ci * K + co];
      for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 4; ++b) {
          float s = 0;
          for (int kh = 0; kh < 3; ++kh)
            for (int kw = 0; kw < 3; ++kw) s += G[a][kh] * g[kh][kw] * G[b][kw];
          u[(a * 4 + b) * C * K + ci * K + co] = s;
        }
    }
  return u;
}

// V[ξ][t][c] = (Bᵀ d B)[ξ] for tiles t0..t1; Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 s 0 −s],
// s = 1 for F(2×2, 3×3) and −1 for F(3×3, 2×2).
void transformInput(const float* x, const ConvGeometry& g, long t0, long t1, long tilesH, long tilesW, float* v,
                    long stride, const float* zeros, float s = 1.0f) {
  const long C = g.inC, perImage = tilesH * tilesW;
  for (long t = t0; t < t1; ++t) {
    const long n = t / perImage, th = (t % perImage) / tilesW, tw = t % tilesW;
    const float* p[16];
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        const long ih = 2 * th - g.padTop + i, iw = 2 * tw - g.padLeft + j;
        const bool in = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
        p[i * 4 + j] = in ? x + ((n * g.inH + ih) * g.inW + iw) * C : zeros;
      }
    float* out = v + (t - t0) * C;
    for (long c = 0; c < C; c += 4) {
      v4 d[16], r[16];
      for (int k = 0; k < 16; ++k) d[k] = load(p[k] + c);
      for (int j = 0; j < 4; ++j) {  // rows: Bᵀ d
        r[0 + j] = d[0 + j] - d[8 + j];
        r[4 + j] = d[4 + j] + d[8 + j];
        r[8 + j] = d[8 + j] - d[4 + j];
        r[12 + j] = s * (d[4 + j] - d[12 + j]);
      }
      for (int i = 0; i < 4; ++i) {  // columns: (Bᵀ d) B
        store(out + (i * 4 + 0) * stride + c, r[i * 4 + 0] - r[i * 4 + 2]);
        store(out + (i * 4 + 1) * stride + c, r[i * 4 + 1] + r[i * 4 + 2]);
        store(out + (i * 4 + 2) * stride + c, r[i * 4 + 2] - r[i * 4 + 1]);
        store(out + (i * 4 + 3) * stride + c, s * (r[i * 4 + 1] - r[i * 4 + 3]));
      }
    }
  }
}

// y tile = Aᵀ M A (+ bias, activation); Aᵀ = [1 1 1 0; 0 1 −1 −1].
void transformOutput(const float* m, long stride, const ConvGeometry& g, long t0, long t1, long tilesH, long tilesW,
                     const float* bias, Activation act, float alpha, float* y) {
  const long K = g.outC, perImage = tilesH * tilesW;
  for (long t = t0; t < t1; ++t) {
    const long n = t / perImage, th = (t % perImage) / tilesW, tw = t % tilesW;
    const float* in = m + (t - t0) * K;
    const long rows = std::min(2L, g.outH - 2 * th), cols = std::min(2L, g.outW - 2 * tw);
    float* base = y + ((n * g.outH + 2 * th) * g.outW + 2 * tw) * K;
    for (long c = 0; c < K; c += 4) {
      v4 q[16], r[8];
      for (int k = 0; k < 16; ++k) q[k] = load(in + k * stride + c);
      for (int j = 0; j < 4; ++j) {
        r[j] = q[j] + q[4 + j] + q[8 + j];
        r[4 + j] = q[4 + j] - q[8 + j] - q[12 + j];
      }
      const v4 b = bias ? load(bias + c) : v4{0, 0, 0, 0};
      const v4 out[4] = {r[0] + r[1] + r[2] + b, r[1] - r[2] - r[3] + b, r[4] + r[5] + r[6] + b, r[5] - r[6] - r[7] + b};
      for (long i = 0; i < rows; ++i)
        for (long j = 0; j < cols; ++j) store(base + (i * g.outW + j) * K + c, out[i * 2 + j]);
    }
    if (act != Activation::kLinear)
      for (long i = 0; i < rows; ++i) biasActivate(base + i * g.outW * K, cols, K, K, nullptr, act, alpha);
  }
}

// U[ξ][t][k] = (G dy Gᵀ)[ξ] for the 2×2 tiles of dy; G = [1 0; ½ ½; ½ −½; 0 1].
void transformGrad(const float* dy, const ConvGeometry& g, long t0, long t1, long tilesH, long tilesW, float* u,
                   long stride, const float* zeros) {
  const long K = g.outC, perImage = tilesH * tilesW;
  const v4 half = {0.5f, 0.5f, 0.5f, 0.5f};
  for (long t = t0; t < t1; ++t) {
    const long n = t / perImage, th = (t % perImage) / tilesW, tw = t % tilesW;
    const float* p[4];
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        const long oh = 2 * th + i, ow = 2 * tw + j;
        p[i * 2 + j] = oh < g.outH && ow < g.outW ? dy + ((n * g.outH + oh) * g.outW + ow) * K : zeros;
      }
    float* out = u + (t - t0) * K;
    for (long c = 0; c < K; c += 4) {
      const v4 d00 = load(p[0] + c), d01 = load(p[1] + c), d10 = load(p[2] + c), d11 = load(p[3] + c);
      const v4 r[4][2] = {{d00, d01}, {(d00 + d10) * half, (d01 + d11) * half}, {(d00 - d10) * half, (d01 - d11) * half},
                          {d10, d11}};
      for (int i = 0; i < 4; ++i) {
        store(out + (i * 4 + 0) * stride + c, r[i][0]);
        store(out + (i * 4 + 1) * stride + c, (r[i][0] + r[i][1]) * half);
        store(out + (i * 4 + 2) * stride + c, (r[i][0] - r[i][1]) * half);
        store(out + (i * 4 + 3) * stride + c, r[i][1]);
      }
    }
  }
}

// dW[kh][kw][c][k] = (Aᵀ M A)[kh][kw] for each channel pair; Aᵀ = [1 1 1 0; 0 1 −1 0; 0 1 1 1].
void transformFilterGrad(const float* m, long C, long K, float* dw) {
  for (long ck = 0; ck < C * K; ++ck) {
    float q[16], r[3][4];
    for (int xi = 0; xi < 16; ++xi) q[xi] = m[xi * C * K + ck];
    for (int j = 0; j < 4; ++j) {
      r[0][j] = q[j] + q[4 + j] + q[8 + j];
      r[1][j] = q[4 + j] - q[8 + j];
      r[2][j] = q[4 + j] + q[8 + j] + q[12 + j];
    }
    for (int i = 0; i < 3; ++i) {
      dw[(i * 3 + 0) * C * K + ck] = r[i][0] + r[i][1] + r[i][2];
      dw[(i * 3 + 1) * C * K + ck] = r[i][1] - r[i][2];
      dw[(i * 3 + 2) * C * K + ck] = r[i][1] + r[i][2] + r[i][3];
    }
  }
}

}  // namespace

void conv2dBackpropFilterWinograd(const float* x, const float* dy, float* dw, const ConvGeometry& g) {
  const long C = g.inC, K = g.outC;
  const long tilesH = (g.outH + 1) / 2, tilesW = (g.outW + 1) / 2, tiles = g.batch * tilesH * tilesW;
  // Tiles are the GEMMs' inner dimension here: long chunks (~2 MB of V and U) keep C updates rare.
  const long chunk = std::max(48L, (2L << 20) / (4 * 16 * (C + K)));
  const long chunks = (tiles + chunk - 1) / chunk;
  const int threads = numThreads();
  const std::vector<float> zeros(std::max(C, K), 0.0f);
  std::vector<std::vector<float>> bufs(threads, std::vector<float>(16 * chunk * (C + K)));
  std::vector<std::vector<float>> sums(threads, std::vector<float>(16 * C * K, 0.0f));
  parallelFor(int(chunks), [&](int task, int thread) {
    const long t0 = task * chunk, t1 = std::min(tiles, t0 + chunk);
    float* v = bufs[thread].data();
    float* u = v + 16 * chunk * C;
    transformInput(x, g, t0, t1, tilesH, tilesW, v, chunk * C, zeros.data(), -1.0f);
    transformGrad(dy, g, t0, t1, tilesH, tilesW, u, chunk * K, zeros.data());
    for (int xi = 0; xi < 16; ++xi)
      sgemm(true, false, int(C), int(K), int(t1 - t0), v + xi * chunk * C, int(C), u + xi * chunk * K, int(K),
            sums[thread].data() + xi * C * K, int(K), 1.0f, false);
  });
  for (int t = 1; t < threads; ++t)
    for (long i = 0; i < 16 * C * K; ++i) sums[0][i] += sums[t][i];
  transformFilterGrad(sums[0].data(), C, K, dw);
}

bool winogradApplies(const ConvGeometry& g) {
  return g.fH == 3 && g.fW == 3 && g.strideH == 1 && g.strideW == 1 && g.dilH == 1 && g.dilW == 1 &&
         g.inC % 4 == 0 && g.outC % 4 == 0 && g.inC >= 16 && g.outC >= 16;
}

void conv2dWinograd(const float* x, const float* w, bool flipped, const float* bias, float* y, const ConvGeometry& g,
                    Activation act, float alpha) {
  const long C = g.inC, K = g.outC;
  const std::vector<float> u = transformFilter(w, flipped, C, K);
  std::vector<PackedB> packed;
  packed.reserve(16);
  for (int xi = 0; xi < 16; ++xi) packed.emplace_back(false, int(C), int(K), u.data() + xi * C * K, int(K));
  const long tilesH = (g.outH + 1) / 2, tilesW = (g.outW + 1) / 2, tiles = g.batch * tilesH * tilesW;
  // Tiles per chunk: V and M of a chunk near 384 KB, a multiple of 12 rows.
  const long chunk = std::max(12L, (384L << 10) / (4 * 16 * (C + K)) / 12 * 12);
  const long chunks = (tiles + chunk - 1) / chunk;
  const std::vector<float> zeros(C, 0.0f);
  std::vector<std::vector<float>> bufs(numThreads(), std::vector<float>(16 * chunk * (C + K)));
  parallelFor(int(chunks), [&](int task, int thread) {
    const long t0 = task * chunk, t1 = std::min(tiles, t0 + chunk);
    float* v = bufs[thread].data();
    float* m = v + 16 * chunk * C;
    transformInput(x, g, t0, t1, tilesH, tilesW, v, chunk * C, zeros.data());
    for (int xi = 0; xi < 16; ++xi)
      sgemmPackedB(int(t1 - t0), v + xi * chunk * C, int(C), packed[xi], m + xi * chunk * K, int(K), 0.0f, false);
    transformOutput(m, chunk * K, g, t0, t1, tilesH, tilesW, bias, act, alpha, y);
  });
}

}  // namespace snip
