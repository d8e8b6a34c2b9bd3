// Shared loops for elementwise kernels: unary maps and broadcasting binary maps,
// split over the thread pool when large enough to pay for the wake-up.
#pragma once
#include <algorithm>
#include <vector>

#include "kernel_call.h"
#include "thread_pool.h"

namespace snip {

constexpr long kParallelElements = 1 << 17;  // below this, waking a worker costs more than it saves
constexpr int kMaxRank = 6;

// f must be branch-free (selects, not ifs) so the loop vectorises.
template <typename F>
void unaryMap(const float* x, float* y, long size, F f) {
  const int tasks = size >= kParallelElements ? numThreads() : 1;
  const long step = (size + tasks - 1) / tasks;
  parallelFor(tasks, [=](int t, int) {
    const long lo = t * step, hi = std::min(size, lo + step);
    const float* __restrict in = x + lo;
    float* __restrict out = y + lo;
    const F g = f;
    for (long i = 0; i < hi - lo; ++i) out[i] = g(in[i]);
  });
}

// Output shape and element strides of a and b (0 along broadcast dimensions), innermost last.
struct BroadcastShape {
  int rank;
  long shape[kMaxRank], strideA[kMaxRank], strideB[kMaxRank];

  // attrs: rank, shape[rank], strideA[rank], strideB[rank]
  static BroadcastShape fromAttrs(const KernelCall& c) {
    BroadcastShape s{int(c.attr(0)), {}, {}, {}};
    for (int d = 0; d < s.rank; ++d)
      s.shape[d] = c.attr(1 + d), s.strideA[d] = c.attr(1 + s.rank + d), s.strideB[d] = c.attr(1 + 2 * s.rank + d);
    return s;
  }
};

template <typename F>
void binaryMap(const float* a, const float* b, float* y, const BroadcastShape& s, F f) {
  const int last = s.rank - 1;
  const long inner = s.shape[last], ia = s.strideA[last], ib = s.strideB[last];
  long rows = 1;
  for (int d = 0; d < last; ++d) rows *= s.shape[d];
  const int tasks = rows * inner >= kParallelElements ? numThreads() : 1;
  auto rowsOf = [&](long lo, long hi) {
    // The outer index of row lo by division once, then stepped like an odometer (a division per
    // row cost as much as a 64-wide row of a per-channel broadcast, batch norm's common case).
    long idx[kMaxRank] = {}, offA = 0, offB = 0;
    for (long d = last - 1, rem = lo; d >= 0; --d) {
      idx[d] = rem % s.shape[d];
      rem /= s.shape[d];
      offA += idx[d] * s.strideA[d], offB += idx[d] * s.strideB[d];
    }
    for (long r = lo; r < hi; ++r) {
      const float *pa = a + offA, *pb = b + offB;
      float* py = y + r * inner;
      if (ia == 1 && ib == 1)
        for (long i = 0; i < inner; ++i) py[i] = f(pa[i], pb[i]);
      else if (ia == 1)
        for (long i = 0; i < inner; ++i) py[i] = f(pa[i], pb[0]);
      else if (ib == 1)
        for (long i = 0; i < inner; ++i) py[i] = f(pa[0], pb[i]);
      else
        for (long i = 0; i < inner; ++i) py[i] = f(pa[i * ia], pb[i * ib]);
      for (int d = last - 1; d >= 0; --d) {  // next row
        offA += s.strideA[d], offB += s.strideB[d];
        if (++idx[d] < s.shape[d]) break;
        offA -= idx[d] * s.strideA[d], offB -= idx[d] * s.strideB[d];
        idx[d] = 0;
      }
    }
  };
  if (rows >= tasks) {
    const long step = (rows + tasks - 1) / tasks;
    parallelFor(tasks, [&](int t, int) { rowsOf(t * step, std::min(rows, (t + 1) * step)); });
  } else {
    rowsOf(0, rows);
  }
}

// row(r) for every r in [0, rows), the rows split over the pool when rows × cols is large enough.
template <typename Row>
void forRows(long rows, long cols, Row row) {
  const int tasks = rows * cols >= kParallelElements && rows >= numThreads() ? numThreads() : 1;
  const long step = (rows + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t, int) {
    for (long r = t * step, end = std::min(rows, r + step); r < end; ++r) row(r);
  });
}

// y[c] = Σ_r of what addRow(r, acc) adds into acc[0, cols) for row r: float within blocks of 64
// rows, double across blocks and threads (a sum over 57,600 rows keeps float32 accuracy).
// addRow gets a restrict accumulator, so its loop over the columns vectorises.
template <typename AddRow>
void columnSums(long rows, long cols, float* y, AddRow addRow) {
  const int tasks = rows * cols >= kParallelElements && rows >= 2 * numThreads() ? numThreads() : 1;
  std::vector<std::vector<double>> part(tasks, std::vector<double>(cols, 0.0));
  const long step = (rows + tasks - 1) / tasks;
  parallelFor(tasks, [&](int t, int) {
    std::vector<float> block(cols, 0.0f);
    float* __restrict acc = block.data();
    double* total = part[t].data();
    for (long r = t * step, end = std::min(rows, r + step); r < end;) {
      for (const long blockEnd = std::min(end, r + 64); r < blockEnd; ++r) addRow(r, acc);
      for (long c = 0; c < cols; ++c) total[c] += acc[c], acc[c] = 0.0f;
    }
  });
  for (long c = 0; c < cols; ++c) {
    double s = 0.0;
    for (int t = 0; t < tasks; ++t) s += part[t][c];
    y[c] = float(s);
  }
}

}  // namespace snip
