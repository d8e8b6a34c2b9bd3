// Fused masked SGD-momentum update (PyTorch's formulation), one pass instead of ~8 elementwise ops:
//   v ← (μ·v + g + λ·w)·m;  w ← (w − η·v)·m   (m = 1 where no mask is given)
#include <algorithm>

#include "../kernels.h"
#include "../thread_pool.h"

namespace snip {

void maskedSgdMomentum(const float* w, const float* v, const float* g, const float* mask, float* wOut, float* vOut,
                       long size, float lr, float momentum, float weightDecay) {
  constexpr long kChunk = 1 << 15;
  const int tasks = int((size + kChunk - 1) / kChunk);
  parallelFor(tasks, [&](int t, int) {
    const long end = std::min(size, (t + 1) * kChunk);
    for (long i = t * kChunk; i < end; ++i) {
      const float m = mask ? mask[i] : 1.0f;
      const float vNew = (momentum * v[i] + (g[i] + weightDecay * w[i])) * m;
      vOut[i] = vNew;
      wOut[i] = (w[i] - lr * vNew) * m;
    }
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

}  // namespace snip
