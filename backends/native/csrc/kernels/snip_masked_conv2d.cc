// Masked NHWC convolution with a static sparsity pattern over the HWIO filter seen as a
// K×N matrix (K = fH·fW·inC taps, N = outC): per image, the patch matrix is built transposed
// (one row of P = outH·outW pixels per tap) and only for taps some output channel keeps, then
// every kept weight costs one AXPY or dot product of length P. Images run in parallel.
//   SnipMaskedConv2D:            yᵀ[n,:] = act(Σ_k w[k,n]·patchᵀ[k,:] + bias[n])
//   SnipMaskedConv2DGradInput:   dpatchᵀ[k,:] = Σ_n w[k,n]·dyᵀ[n,:], scattered back onto dx
//   SnipMaskedConv2DGradFilter:  dw[k,n] = Σ_images patchᵀ[k,:]·dyᵀ[n,:] at kept (k, n)
#include <cstring>
#include <vector>

#include "../conv_geometry.h"
#include "../im2col.h"
#include "../kernels.h"
#include "../sparse_direct_conv.h"
#include "../sparse_products.h"
#include "../thread_pool.h"

namespace snip {
namespace {

// The input position under tap k at output pixel (oh, ow), or -1 in the padding.
struct Tap {
  long kh, kw, c;
  Tap(long k, const ConvGeometry& g) : kh(k / (g.fW * g.inC)), kw((k / g.inC) % g.fW), c(k % g.inC) {}
  long offset(long oh, long ow, const ConvGeometry& g) const {
    const long ih = oh * g.strideH - g.padTop + kh * g.dilH, iw = ow * g.strideW - g.padLeft + kw * g.dilW;
    return ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW ? -1 : (ih * g.inW + iw) * g.inC + c;
  }
};

std::vector<long> usedTaps(const SparsePattern& p) {
  std::vector<long> used;
  for (long k = 0; k < p.K; ++k)
    if (p.rowPtr[k + 1] > p.rowPtr[k]) used.push_back(k);
  return used;
}

// patchT[k, :] for (at least) the used taps of one image: im2col then a transpose when most
// taps are used, else a gather of just those rows.
void buildPatchT(const float* image, const ConvGeometry& g, const std::vector<long>& used, float* patchT) {
  const long P = g.outPixels();
  if (long(used.size()) * 4 > g.patch()) {
    float* col = threadScratch(2, size_t(P) * g.patch());
    im2col(image, g, 0, P, col);
    transpose(col, patchT, P, g.patch());
    return;
  }
  for (long k : used) {
    const Tap t(k, g);
    float* row = patchT + k * P;
    for (long oh = 0; oh < g.outH; ++oh)
      for (long ow = 0; ow < g.outW; ++ow) {
        const long at = t.offset(oh, ow, g);
        row[oh * g.outW + ow] = at < 0 ? 0.0f : image[at];
      }
  }
}

// image += dpatchT scattered back through the used taps (rows of unused taps are zero).
void scatterPatchT(const float* dpatchT, const ConvGeometry& g, const std::vector<long>& used, float* image) {
  const long P = g.outPixels();
  if (long(used.size()) * 4 > g.patch()) {
    float* col = threadScratch(2, size_t(P) * g.patch());
    transpose(dpatchT, col, g.patch(), P);
    col2imAdd(col, g, 0, P, image);
    return;
  }
  for (long k : used) {
    const Tap t(k, g);
    const float* row = dpatchT + k * P;
    for (long oh = 0; oh < g.outH; ++oh)
      for (long ow = 0; ow < g.outW; ++ow) {
        const long at = t.offset(oh, ow, g);
        if (at >= 0) image[at] += row[oh * g.outW + ow];
      }
  }
}

}  // namespace

void maskedConv2d(const float* x, const float* w, const float* bias, int act, const SparsePattern& p, float* y,
                  const ConvGeometry& g) {
  if (maskedConv2dDirect(x, w, bias, act, p, y, g)) return;
  const long P = g.outPixels();
  const std::vector<long> used = usedTaps(p);
  parallelFor(int(g.batch), [&](int b, int) {
    float* patchT = threadScratch(0, size_t(p.K) * P);
    float* yT = threadScratch(1, size_t(p.N) * P);
    buildPatchT(x + b * g.inImage(), g, used, patchT);
    gatherAxpy(p.colPtr, p.colRows, w, p.N, 1, patchT, P, yT, 0, p.N);
    biasActivateRows(yT, p.N, P, bias, act);
    transpose(yT, y + b * P * p.N, p.N, P);
  });
}

void maskedConv2dGradInput(const float* dy, const float* w, const SparsePattern& p, float* dx, const ConvGeometry& g) {
  const long P = g.outPixels();
  const std::vector<long> used = usedTaps(p);
  parallelFor(int(g.batch), [&](int b, int) {
    float* dyT = threadScratch(1, size_t(p.N) * P);
    float* dpatchT = threadScratch(0, size_t(p.K) * P);
    transpose(dy + b * P * p.N, dyT, P, p.N);
    gatherAxpy(p.rowPtr, p.rowCols, w, 1, p.N, dyT, P, dpatchT, 0, p.K);
    float* image = dx + b * g.inImage();
    std::memset(image, 0, sizeof(float) * size_t(g.inImage()));
    scatterPatchT(dpatchT, g, used, image);
  });
}

void maskedConv2dGradFilter(const float* x, const float* dy, const SparsePattern& p, float* dw, const ConvGeometry& g) {
  const long P = g.outPixels();
  const std::vector<long> used = usedTaps(p);
  std::vector<std::vector<float>> partial(size_t(numThreads()), std::vector<float>(size_t(p.nnz), 0.0f));
  parallelFor(int(g.batch), [&](int b, int thread) {
    float* patchT = threadScratch(0, size_t(p.K) * P);
    float* dyT = threadScratch(1, size_t(p.N) * P);
    buildPatchT(x + b * g.inImage(), g, used, patchT);
    transpose(dy + b * P * p.N, dyT, P, p.N);
    keptDots(p, patchT, dyT, P, partial[size_t(thread)].data(), 0, p.N);
  });
  for (size_t t = 1; t < partial.size(); ++t)
    for (long q = 0; q < p.nnz; ++q) partial[0][size_t(q)] += partial[t][size_t(q)];
  scatterKept(p, partial[0].data(), dw);
}

namespace {
// in: a, b, pattern; attrs: conv geometry (conv_geometry.h).
template <void (*F)(const float*, const float*, const SparsePattern&, float*, const ConvGeometry&)>
const char* runConv(const KernelCall& c) {
  const ConvGeometry g = ConvGeometry::fromAttrs(c);
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(g.patch()), int(g.outC), p)) return err;
  F(c.in[0], c.in[1], p, c.out[0], g);
  return nullptr;
}
}  // namespace

void maskedConv2dMaxPool2x2(const float* x, const float* w, const float* bias, int act, const SparsePattern& p,
                            float* y, const ConvGeometry& g) {
  if (maskedConv2dDirect(x, w, bias, act, p, y, g, true)) return;
  std::vector<float> full(size_t(g.batch * g.outPixels() * g.outC));
  maskedConv2d(x, w, bias, act, p, full.data(), g);
  maxPool(full.data(), y, g.pool2x2());
}

// in: x, w, pattern[, bias]; attrs: conv geometry, activation (0 linear, 1 relu)[, pool: 1 for a
// 2×2 max pool of the result (a step's replay fuses the two kernels)].
const char* runSnipMaskedConv2D(const KernelCall& c) {
  const ConvGeometry g = ConvGeometry::fromAttrs(c);
  SparsePattern p;
  if (const char* err = SparsePattern::parse(c.in[2], c.inSize[2], int(g.patch()), int(g.outC), p)) return err;
  if (c.numIn > 3 && long(c.inSize[3]) != p.N) return "bias must have outC values";
  const int a = ConvGeometry::kNumAttrs;
  (c.attr(a + 1) ? maskedConv2dMaxPool2x2 : maskedConv2d)(c.in[0], c.in[1], c.numIn > 3 ? c.in[3] : nullptr, int(c.attr(a)), p,
                                                          c.out[0], g);
  return nullptr;
}
const char* runSnipMaskedConv2DGradInput(const KernelCall& c) { return runConv<maskedConv2dGradInput>(c); }
const char* runSnipMaskedConv2DGradFilter(const KernelCall& c) { return runConv<maskedConv2dGradFilter>(c); }

}  // namespace snip
