// Micro-kernel throughput with panels hot in L1 (upper bound for the GEMM):
//   g++ -O3 -std=c++17 -Icsrc bench/ukernel_bench.cc csrc/ukernel_*.cc -o /tmp/ukernel_bench
#include <chrono>
#include <cstdio>
#include <vector>

#include "gemm_arch.h"

using namespace snip;

int main() {
  for (const GemmArch* g : {avx512Arch(), avx2Arch(), portableArch()}) {
    if (!g) continue;
    const int kc = g->kc;
    std::vector<float> a(kc * g->mr + 64, 0.5f), b(kc * g->nr + 64, 0.25f), c(g->mr * g->nr + 64);
    float* pb = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(b.data()) + 63) & ~uintptr_t(63));
    const long reps = 200000;
    auto t0 = std::chrono::steady_clock::now();
    for (long r = 0; r < reps; ++r) g->kernel(kc, a.data(), pb, g->nr, c.data(), g->nr, 1.0f);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto t1 = std::chrono::steady_clock::now();
    for (long r = 0; r < reps; ++r) g->kernelRowsA(kc, a.data(), 1, pb, g->nr, c.data(), g->nr, 1.0f);
    double s2 = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    const double flops = 2.0 * g->mr * g->nr * kc * reps;
    std::printf("%-8s %dx%d kc=%d: packed %.1f GFLOP/s, rows-A %.1f GFLOP/s (one core)\n", g->name, g->mr, g->nr, kc,
                flops / s / 1e9, flops / s2 / 1e9);
  }
}
