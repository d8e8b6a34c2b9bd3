// Tile: y[i₀..iᵣ] = x[i₀ mod s₀, …, iᵣ mod sᵣ]. Batch norm's gradient in tfjs-core tiles each
// per-channel vector to the activation's full shape, so this runs on tens of MB per step.
// attrs: rank, x shape[rank], reps[rank].
#include <algorithm>
#include <cstring>

#include "../elementwise.h"
#include "../kernels.h"

namespace snip {

const char* runTile(const KernelCall& c) {
  const int rank = int(c.attr(0));
  if (rank < 1 || rank > kMaxRank) return "Tile: rank out of range";
  long xs[kMaxRank] = {}, reps[kMaxRank] = {}, ys[kMaxRank] = {};
  for (int d = 0; d < rank; ++d) xs[d] = c.attr(1 + d), reps[d] = c.attr(1 + rank + d), ys[d] = xs[d] * reps[d];
  const int last = rank - 1;
  const long inner = xs[last], outInner = ys[last];
  long rows = 1;
  for (int d = 0; d < last; ++d) rows *= ys[d];
  const float* x = c.in[0];
  float* y = c.out[0];
  // One output row (all but the last axis fixed) is its source row repeated reps[last] times.
  auto rowsOf = [&](long lo, long hi) {
    for (long r = lo; r < hi; ++r) {
      long src = 0, rem = r, stride = inner;
      for (int d = last - 1; d >= 0; --d) {
        src += (rem % ys[d]) % xs[d] * stride;
        rem /= ys[d];
        stride *= xs[d];
      }
      float* out = y + r * outInner;
      if (inner == 1) std::fill(out, out + outInner, x[src]);
      else for (long k = 0; k < reps[last]; ++k) std::memcpy(out + k * inner, x + src, inner * sizeof(float));
    }
  };
  const int tasks = rows * outInner >= kParallelElements && rows >= 2 ? numThreads() : 1;
  const long step = (rows + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t, int) { rowsOf(t * step, std::min(rows, (t + 1) * step)); });
  return nullptr;
}

}  // namespace snip
