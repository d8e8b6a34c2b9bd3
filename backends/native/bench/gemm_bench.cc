// Standalone check + timing of the GEMM paths (no Node):
//   g++ -O3 -std=c++17 -pthread -Icsrc bench/gemm_bench.cc csrc/gemm.cc csrc/ukernel_*.cc \
//       csrc/blas_loader.cc csrc/thread_pool.cc -ldl -o /tmp/gemm_bench && /tmp/gemm_bench
#include <algorithm>
#include <chrono>
#include <string>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "gemm.h"

using namespace snip;

static double check(bool ta, bool tb, int m, int n, int k, float beta) {
  std::mt19937 rng(m * 131 + n * 7 + k);
  std::uniform_real_distribution<float> u(-1, 1);
  std::vector<float> a(size_t(m) * k), b(size_t(k) * n), c(size_t(m) * n), ref;
  for (auto& x : a) x = u(rng);
  for (auto& x : b) x = u(rng);
  for (auto& x : c) x = u(rng);
  ref = c;
  const int lda = ta ? m : k, ldb = tb ? k : n;
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double s = beta * ref[i * n + j];
      for (int p = 0; p < k; ++p) s += double(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
      ref[i * n + j] = float(s);
    }
  sgemm(ta, tb, m, n, k, a.data(), lda, b.data(), ldb, c.data(), n, beta);
  double err = 0;
  for (size_t i = 0; i < c.size(); ++i) err = std::max(err, double(std::fabs(c[i] - ref[i]) / (1 + std::fabs(ref[i]))));
  return err;
}

static double gflops(bool ta, bool tb, int m, int n, int k) {
  std::vector<float> a(size_t(m) * k, 0.5f), b(size_t(k) * n, 0.25f), c(size_t(m) * n);
  auto run = [&] { sgemm(ta, tb, m, n, k, a.data(), ta ? m : k, b.data(), tb ? k : n, c.data(), n, 0.0f); };
  run();
  std::vector<double> t;
  for (int r = 0; r < 7; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    int reps = 0;
    do { run(); ++reps; } while (std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(60));
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps);
  }
  std::sort(t.begin(), t.end());
  return 2.0 * m * n * k / t[t.size() / 2] / 1e9;
}

int main(int argc, char** argv) {
  std::printf("available: %s\n", availableGemmImpls().c_str());
  const char* impls[] = {"avx512", "avx2", "portable", "blas"};
  for (const char* name : impls) {
    if (!setGemmImpl(name)) continue;
    double worst = 0;
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < 2; ++tb)
        for (int s : {1, 5, 17, 33, 70})
          for (float beta : {0.0f, 1.0f}) {
            worst = std::max(worst, check(ta, tb, s, s + 3, s * 2 + 1, beta));
            worst = std::max(worst, check(ta, tb, 300 + s, 20, 25, beta));
            worst = std::max(worst, check(ta, tb, 7, 400 + s, 300, beta));
          }
    std::printf("%-8s max rel err %.2e |", name, worst);
    if (argc > 1 || std::string(name) != "portable") {
      std::printf(" 512^3 %.1f  NN(6400,50,500) %.1f  NT(1024,64,576) %.1f  TN(576,64,4096) %.1f  (100,300,784) %.1f  NN(57600,20,25) %.1f GFLOP/s",
                  gflops(false, false, 512, 512, 512), gflops(false, false, 6400, 50, 500), gflops(false, true, 1024, 64, 576),
                  gflops(true, false, 576, 64, 4096), gflops(false, false, 100, 300, 784), gflops(false, false, 57600, 20, 25));
    }
    std::printf("\n");
  }
}
