// Peak single-core FMA throughput (GFLOP/s) for AVX2 and AVX-512, to judge GEMM efficiency.
//   g++ -O3 bench/peak.cc -o /tmp/peak && /tmp/peak
#include <immintrin.h>

#include <chrono>
#include <cstdio>

template <typename F>
static double gflops(F f, double flopsPerIter, long iters) {
  auto t0 = std::chrono::steady_clock::now();
  float r = f(iters);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (r == 12345.f) std::printf(" ");
  return flopsPerIter * iters / s / 1e9;
}

__attribute__((target("avx2,fma"))) static float avx2(long n) {
  __m256 a[10], b = _mm256_set1_ps(1.0001f), c = _mm256_set1_ps(0.9999f);
  for (auto& x : a) x = _mm256_set1_ps(1.0f);
  for (long i = 0; i < n; ++i)
    for (auto& x : a) x = _mm256_fmadd_ps(x, b, c);
  __m256 s = a[0];
  for (int k = 1; k < 10; ++k) s = _mm256_add_ps(s, a[k]);
  return _mm256_cvtss_f32(s);
}

__attribute__((target("avx512f"))) static float avx512(long n) {
  __m512 a[10], b = _mm512_set1_ps(1.0001f), c = _mm512_set1_ps(0.9999f);
  for (auto& x : a) x = _mm512_set1_ps(1.0f);
  for (long i = 0; i < n; ++i)
    for (auto& x : a) x = _mm512_fmadd_ps(x, b, c);
  __m512 s = a[0];
  for (int k = 1; k < 10; ++k) s = _mm512_add_ps(s, a[k]);
  return _mm512_reduce_add_ps(s);
}

int main() {
  __builtin_cpu_init();
  std::printf("avx2 peak %.1f GFLOP/s/core\n", gflops(avx2, 10 * 16, 100000000));
  if (__builtin_cpu_supports("avx512f")) std::printf("avx512 peak %.1f GFLOP/s/core\n", gflops(avx512, 10 * 32, 100000000));
}
