// Fused masked SGD-momentum update (PyTorch's formulation), one pass instead of ~8 elementwise ops:
//   v ← (μ·v + g + λ·w)·m;  w ← (w − η·v)·m   (m = 1 where no mask is given)
#include <algorithm>
#include <cstdint>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

namespace {

// One chunk of the update; kMasked is a template argument so both loops vectorise.
template <bool kMasked>
void updateChunk(const float* __restrict w, const float* __restrict v, const float* __restrict g,
                 const float* __restrict mask, float* __restrict wOut, float* __restrict vOut, long lo, long hi, float lr,
                 float momentum, float weightDecay) {
  for (long i = lo; i < hi; ++i) {
    const float m = kMasked ? mask[i] : 1.0f;
    const float vNew = (momentum * v[i] + (g[i] + weightDecay * w[i])) * m;
    vOut[i] = vNew;
    wOut[i] = (w[i] - lr * vNew) * m;
  }
}

}  // namespace

void maskedSgdMomentum(const float* w, const float* v, const float* g, const float* mask, float* wOut, float* vOut,
                       long size, float lr, float momentum, float weightDecay) {
  constexpr long kChunk = 1 << 15;
  const int tasks = int((size + kChunk - 1) / kChunk);
  parallelFor(tasks, [&](int t, int) {
    const long lo = t * kChunk, hi = std::min(size, (t + 1) * kChunk);
    (mask ? updateChunk<true> : updateChunk<false>)(w, v, g, mask, wOut, vOut, lo, hi, lr, momentum, weightDecay);
  });
}

// in: w, v, g[, mask]; out: w', v'; attrs: lr, momentum, weightDecay.
const char* runSnipMaskedSgdMomentum(const KernelCall& c) {
  const long size = long(c.inSize[0]);
  for (int i = 1; i < c.numIn; ++i)
    if (long(c.inSize[i]) != size) return "w, v, g and mask must have the same size";
  maskedSgdMomentum(c.in[0], c.in[1], c.in[2], c.numIn > 3 ? c.in[3] : nullptr, c.out[0], c.out[1], size,
                    float(c.attrF(0)), float(c.attrF(1)), float(c.attrF(2)));
  return nullptr;
}

// The same update at the kept positions only, written into w and v themselves (their pruned
// positions are zero already and stay so). At 98% sparsity each kept position is a cache miss
// in w, v and g: prefetching a few positions ahead keeps several misses in flight.
void maskedSgdMomentumKept(const int32_t* kept, long count, const float* g, float* w, float* v, float lr,
                           float momentum, float weightDecay) {
  constexpr long kAhead = 16, kChunk = 1 << 13;
  const int tasks = int((count + kChunk - 1) / kChunk);
  parallelFor(tasks, [&](int t, int) {
    const long end = std::min(count, (t + 1) * kChunk);
    for (long k = t * kChunk; k < end; ++k) {
      if (k + kAhead < end) {
        const long a = kept[k + kAhead];
        __builtin_prefetch(w + a, 1), __builtin_prefetch(v + a, 1), __builtin_prefetch(g + a, 0);
      }
      const long i = kept[k];
      const float vNew = momentum * v[i] + (g[i] + weightDecay * w[i]);
      v[i] = vNew;
      w[i] = w[i] - lr * vNew;
    }
  });
}

// in: g, kept (int32 positions, sorted, as float bits); out (updated in place): w, v;
// attrs: lr, momentum, weightDecay.
const char* runSnipMaskedSgdMomentumKept(const KernelCall& c) {
  const long size = long(c.inSize[0]);
  if (long(c.outSize[0]) != size || long(c.outSize[1]) != size) return "w, v and g must have the same size";
  const int32_t* kept = reinterpret_cast<const int32_t*>(c.in[1]);
  const long count = long(c.inSize[1]);
  for (long k = 0; k < count; ++k)
    if (kept[k] < 0 || kept[k] >= size) return "a kept position is outside the weight";
  maskedSgdMomentumKept(kept, count, c.in[0], c.out[0], c.out[1], float(c.attrF(0)), float(c.attrF(1)),
                        float(c.attrF(2)));
  return nullptr;
}

}  // namespace snip
