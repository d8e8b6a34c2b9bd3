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

constexpr long kLanes = 16;     // channel pairs a filter transform handles at once
constexpr long kBlock = 16384;  // channel pairs a task of it handles

// w[tap][co][ci] → out[tap][ci][co] for the 9 taps, in 8×8 blocks.
void transposeTaps(const float* w, long C, long K, float* out) {
  parallelForWork(9 * C * K, 9, [&](int tap, int) {
    const float* in = w + tap * C * K;  // K × C
    float* o = out + tap * C * K;       // C × K
    for (long co0 = 0; co0 < K; co0 += 8)
      for (long ci0 = 0; ci0 < C; ci0 += 8) {
        if (co0 + 8 <= K && ci0 + 8 <= C) {  // whole 8×8 blocks: fixed trip counts, unrolled
          for (long i = 0; i < 8; ++i)
            for (long j = 0; j < 8; ++j) o[(ci0 + j) * K + co0 + i] = in[(co0 + i) * C + ci0 + j];
          continue;
        }
        for (long co = co0; co < std::min(K, co0 + 8); ++co)
          for (long ci = ci0; ci < std::min(C, ci0 + 8); ++ci) o[ci * K + co] = in[co * C + ci];
      }
  });
}

// U[ξ][ci][co] = (G g Gᵀ)[ξ] for each channel pair; G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. With
// `flipped`, w is [3][3][K][C] and is rotated by 180°: tap (kh, kw) reads (2 − kh, 2 − kw).
// Vectorised along co, parallel over ci.
const float* transformFilter(const float* w, bool flipped, long C, long K) {
  const float* g = w;
  if (flipped) {
    float* t = threadScratch(1, 9 * C * K);
    transposeTaps(w, C, K, t);
    g = t;
  }
  float* u = threadScratch(0, 16 * C * K);  // kept across calls: fresh pages were a fifth of a deep layer's time
  const long plane = C * K;
  // Blocks of kLanes output channels, staged in local arrays so the arithmetic vectorises.
  parallelForWork(16 * plane, int((plane + kBlock - 1) / kBlock), [&](int task, int) {
    for (long i0 = task * kBlock; i0 < std::min(plane, (task + 1) * kBlock); i0 += kLanes) {
      const long lanes = std::min(kLanes, plane - i0);  // (ci, co) pairs i0.. (g is [tap][ci][co])
      float a[9][kLanes] = {}, t[4][3][kLanes], o[16][kLanes];
      for (int tap = 0; tap < 9; ++tap) {
        const float* src = g + (flipped ? 8 - tap : tap) * plane + i0;
        for (long l = 0; l < lanes; ++l) a[tap][l] = src[l];
      }
      for (int j = 0; j < 3; ++j)  // G g
        for (long l = 0; l < kLanes; ++l) {
          const float g0 = a[j][l], g1 = a[3 + j][l], g2 = a[6 + j][l];
          t[0][j][l] = g0, t[1][j][l] = 0.5f * (g0 + g1 + g2), t[2][j][l] = 0.5f * (g0 - g1 + g2), t[3][j][l] = g2;
        }
      for (int i = 0; i < 4; ++i)  // (G g) Gᵀ
        for (long l = 0; l < kLanes; ++l) {
          o[i * 4 + 0][l] = t[i][0][l];
          o[i * 4 + 1][l] = 0.5f * (t[i][0][l] + t[i][1][l] + t[i][2][l]);
          o[i * 4 + 2][l] = 0.5f * (t[i][0][l] - t[i][1][l] + t[i][2][l]);
          o[i * 4 + 3][l] = t[i][2][l];
        }
      for (int xi = 0; xi < 16; ++xi)
        for (long l = 0; l < lanes; ++l) u[xi * plane + i0 + l] = o[xi][l];
    }
  });
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

// dW[kh][kw][c][k] = (Aᵀ M A)[kh][kw] for each channel pair, M the sum of the threads' parts;
// Aᵀ = [1 1 1 0; 0 1 −1 0; 0 1 1 1]. Parallel over channel pairs.
void transformFilterGrad(const std::vector<float*>& parts, long C, long K, float* dw) {
  const long CK = C * K;
  parallelForWork(16 * CK, int((CK + kBlock - 1) / kBlock), [&](int task, int) {
    for (long i0 = task * kBlock; i0 < std::min(CK, (task + 1) * kBlock); i0 += kLanes) {
      const long lanes = std::min(kLanes, CK - i0);
      float q[16][kLanes] = {}, r[3][4][kLanes];
      for (const float* m : parts)
        for (int xi = 0; xi < 16; ++xi)
          for (long l = 0; l < lanes; ++l) q[xi][l] += m[xi * CK + i0 + l];
      for (int j = 0; j < 4; ++j)
        for (long l = 0; l < kLanes; ++l) {
          r[0][j][l] = q[j][l] + q[4 + j][l] + q[8 + j][l];
          r[1][j][l] = q[4 + j][l] - q[8 + j][l];
          r[2][j][l] = q[4 + j][l] + q[8 + j][l] + q[12 + j][l];
        }
      for (int i = 0; i < 3; ++i)
        for (long l = 0; l < lanes; ++l) {
          dw[(i * 3 + 0) * CK + i0 + l] = r[i][0][l] + r[i][1][l] + r[i][2][l];
          dw[(i * 3 + 1) * CK + i0 + l] = r[i][1][l] - r[i][2][l];
          dw[(i * 3 + 2) * CK + i0 + l] = r[i][1][l] + r[i][2][l] + r[i][3][l];
        }
    }
  });
}

long perThread(long tiles) { return (tiles + numThreads() - 1) / numThreads(); }

// Tiles per chunk of the forward transform: V and M of a chunk near 384 KB (L2), a multiple of 12
// rows. Where one transformed filter (C×K floats) is past L2 (256 KB here), each chunk's products
// stream all 16 of them from memory: then at least 96 tiles (or a thread's share), so each pass
// over them serves more rows (VGG-D's 512-channel layers: 1.6× faster).
long forwardChunk(long C, long K, long tiles) {
  const long fit = std::max(12L, (384L << 10) / (4 * 16 * (C + K)) / 12 * 12);
  return C * K > 256 * 256 ? std::max(fit, (std::min(96L, perThread(tiles)) + 11) / 12 * 12) : fit;
}

}  // namespace

void conv2dBackpropFilterWinograd(const float* x, const float* dy, float* dw, const ConvGeometry& g) {
  const long C = g.inC, K = g.outC;
  const long tilesH = (g.outH + 1) / 2, tilesW = (g.outW + 1) / 2, tiles = g.batch * tilesH * tilesW;
  // Tiles are the GEMMs' inner dimension here: long chunks (~2 MB of V and U; at least 256 tiles,
  // or a thread's share, once the 16 C×K sums are 4 MB) keep the updates of the sums rare.
  const long fit = std::max(48L, (2L << 20) / (4 * 16 * (C + K)));
  const long chunk = C * K >= 256 * 256 ? std::max(fit, std::min(256L, perThread(tiles))) : fit;
  const long chunks = (tiles + chunk - 1) / chunk;
  const int threads = numThreads();
  const std::vector<float> zeros(std::max(C, K), 0.0f);
  // Per thread: its chunk's V and U, and its part of the 16 sums (zeroed by its first product).
  const long bufSize = 16 * chunk * (C + K) + 16 * C * K;
  float* scratchAll = threadScratch(2, threads * bufSize);
  std::vector<char> started(threads, 0);
  parallelFor(int(chunks), [&](int task, int thread) {
    const long t0 = task * chunk, t1 = std::min(tiles, t0 + chunk);
    float* v = scratchAll + thread * bufSize;
    float* u = v + 16 * chunk * C;
    float* sum = u + 16 * chunk * K;
    const float beta = started[thread] ? 1.0f : 0.0f;
    started[thread] = 1;
    transformInput(x, g, t0, t1, tilesH, tilesW, v, chunk * C, zeros.data(), -1.0f);
    transformGrad(dy, g, t0, t1, tilesH, tilesW, u, chunk * K, zeros.data());
    for (int xi = 0; xi < 16; ++xi)
      sgemm(true, false, int(C), int(K), int(t1 - t0), v + xi * chunk * C, int(C), u + xi * chunk * K, int(K),
            sum + xi * C * K, int(K), beta, false);
  });
  std::vector<float*> parts;
  for (int t = 0; t < threads; ++t)
    if (started[t]) parts.push_back(scratchAll + t * bufSize + 16 * chunk * (C + K));
  transformFilterGrad(parts, C, K, dw);
}

// Transforming and packing the 16 filters costs about as much as the products of ~32 tiles
// save, whatever the batch: at batch 1, VGG's 2×2 and 4×4 layers (1 and 4 tiles) go to im2col.
bool winogradApplies(const ConvGeometry& g) {
  const long tiles = g.batch * ((g.outH + 1) / 2) * ((g.outW + 1) / 2);
  return g.fH == 3 && g.fW == 3 && g.strideH == 1 && g.strideW == 1 && g.dilH == 1 && g.dilW == 1 &&
         g.inC % 4 == 0 && g.outC % 4 == 0 && g.inC >= 16 && g.outC >= 16 && tiles >= 32;
}

void conv2dWinograd(const float* x, const float* w, bool flipped, const float* bias, float* y, const ConvGeometry& g,
                    Activation act, float alpha) {
  const long C = g.inC, K = g.outC;
  const float* u = transformFilter(w, flipped, C, K);
  std::vector<PackedB> packed;
  packed.reserve(16);
  for (int xi = 0; xi < 16; ++xi) packed.emplace_back(false, int(C), int(K), u + xi * C * K, int(K));
  const long tilesH = (g.outH + 1) / 2, tilesW = (g.outW + 1) / 2, tiles = g.batch * tilesH * tilesW;
  const long chunk = forwardChunk(C, K, tiles);
  const long chunks = (tiles + chunk - 1) / chunk;
  const std::vector<float> zeros(C, 0.0f);
  const long bufSize = 16 * chunk * (C + K);
  float* bufs = threadScratch(2, numThreads() * bufSize);
  parallelFor(int(chunks), [&](int task, int thread) {
    const long t0 = task * chunk, t1 = std::min(tiles, t0 + chunk);
    float* v = bufs + thread * bufSize;
    float* m = v + 16 * chunk * C;
    transformInput(x, g, t0, t1, tilesH, tilesW, v, chunk * C, zeros.data());
    for (int xi = 0; xi < 16; ++xi)
      sgemmPackedB(int(t1 - t0), v + xi * chunk * C, int(C), packed[xi], m + xi * chunk * K, int(K), 0.0f, false);
    transformOutput(m, chunk * K, g, t0, t1, tilesH, tilesW, bias, act, alpha, y);
  });
}

}  // namespace snip
