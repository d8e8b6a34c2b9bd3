// SnipBatchNormTraining and its gradient (src/models/fused_batch_norm.ts): a training-mode batch
// norm over rows × C (channels last), statistics included. Forward: a column sum, a column sum of
// squared deviations (two passes: no E[x²] − E[x]² cancellation), then FusedBatchNorm's pass. Backward: two
// column sums, then dx. Five passes over the activation instead of tfjs-core's ~25 kernels.
// SnipReluGrad: Relu's gradient (dy where x > 0, else 0) in one pass instead of Step·Cast·Multiply.
#include <cmath>
#include <vector>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

void batchNormTraining(const float* x, const float* gamma, const float* beta, float* y, float* mean, float* variance,
                       float* invStd, long rows, long C, float eps) {
  columnSums(rows, C, mean, [=](long r, float* __restrict acc) {
    const float* __restrict xr = x + r * C;
    for (long c = 0; c < C; ++c) acc[c] += xr[c];
  });
  for (long c = 0; c < C; ++c) mean[c] /= float(rows);
  columnSums(rows, C, variance, [=](long r, float* __restrict acc) {
    const float* __restrict xr = x + r * C;
    const float* __restrict m = mean;
    for (long c = 0; c < C; ++c) {
      const float d = xr[c] - m[c];
      acc[c] += d * d;
    }
  });
  for (long c = 0; c < C; ++c) {
    variance[c] /= float(rows);
    invStd[c] = 1.0f / std::sqrt(variance[c] + eps);
  }
  const long perChannel[4] = {C, C, C, C};
  fusedBatchNorm(x, mean, variance, beta, gamma, y, rows, C, perChannel, eps);  // the normalising pass
}

// dβ = Σ dy;  dγ = Σ dy·x̂;  dx = γ·r·(dy − dβ/n − x̂·dγ/n), x̂ = (x − μ)·r, r = 1/√(σ² + ε).
void batchNormTrainingGrad(const float* dy, const float* x, const float* gamma, const float* mean, const float* invStd,
                           float* dx, float* dgamma, float* dbeta, long rows, long C) {
  columnSums(rows, C, dbeta, [=](long r, float* __restrict acc) {
    const float* __restrict d = dy + r * C;
    for (long c = 0; c < C; ++c) acc[c] += d[c];
  });
  columnSums(rows, C, dgamma, [=](long r, float* __restrict acc) {
    const float *__restrict d = dy + r * C, *__restrict xr = x + r * C;
    const float *__restrict m = mean, *__restrict s = invStd;
    for (long c = 0; c < C; ++c) acc[c] += d[c] * ((xr[c] - m[c]) * s[c]);
  });
  // dx = k·dy − k·dβ/n − k·r·dγ/n·(x − μ) = k·dy + u·x + v per channel.
  std::vector<float> k(C), u(C), v(C);
  for (long c = 0; c < C; ++c) {
    k[c] = gamma[c] * invStd[c];
    u[c] = -k[c] * invStd[c] * dgamma[c] / float(rows);
    v[c] = -k[c] * dbeta[c] / float(rows) - u[c] * mean[c];
  }
  forRows(rows, C, [&](long r) {
    const float *__restrict d = dy + r * C, *__restrict xr = x + r * C;
    float* __restrict out = dx + r * C;
    const float *__restrict pk = k.data(), *__restrict pu = u.data(), *__restrict pv = v.data();
    for (long c = 0; c < C; ++c) out[c] = pk[c] * d[c] + pu[c] * xr[c] + pv[c];
  });
}

// in: x, gamma, beta; out: y, mean, variance, invStd; attrs: channels, ε.
const char* runSnipBatchNormTraining(const KernelCall& c) {
  const long C = c.attr(0), size = long(c.inSize[0]);
  if (C <= 0 || size % C != 0 || long(c.inSize[1]) != C || long(c.inSize[2]) != C || long(c.outSize[0]) != size)
    return "x must be [rows × channels] with gamma and beta [channels]";
  batchNormTraining(c.in[0], c.in[1], c.in[2], c.out[0], c.out[1], c.out[2], c.out[3], size / C, C, float(c.attrF(1)));
  return nullptr;
}

// in: dy, x, gamma, mean, invStd; out: dx, dgamma, dbeta; attrs: channels.
const char* runSnipBatchNormTrainingGrad(const KernelCall& c) {
  const long C = c.attr(0), size = long(c.inSize[0]);
  if (C <= 0 || size % C != 0 || long(c.inSize[1]) != size || long(c.inSize[2]) != C || long(c.inSize[3]) != C || long(c.inSize[4]) != C)
    return "dy and x must be [rows × channels] with gamma, mean and invStd [channels]";
  batchNormTrainingGrad(c.in[0], c.in[1], c.in[2], c.in[3], c.in[4], c.out[0], c.out[1], c.out[2], size / C, C);
  return nullptr;
}

// in: dy, x (same size); out: dx.
const char* runSnipReluGrad(const KernelCall& c) {
  const long size = long(c.inSize[0]);
  if (long(c.inSize[1]) != size) return "dy and x must have the same size";
  const float *dy = c.in[0], *x = c.in[1];
  float* dx = c.out[0];
  constexpr long kChunk = 1 << 14;
  forRows((size + kChunk - 1) / kChunk, kChunk, [=](long chunk) {
    const long lo = chunk * kChunk, n = std::min(size, lo + kChunk) - lo;
    const float *__restrict d = dy + lo, *__restrict in = x + lo;
    float* __restrict out = dx + lo;
    for (long i = 0; i < n; ++i) {
      const float g = d[i];  // loaded unconditionally, so the select vectorises
      out[i] = in[i] > 0.0f ? g : 0.0f;
    }
  });
  return nullptr;
}

}  // namespace snip
