#include "sparse_products.h"

#include <algorithm>
#include <cstring>
#include <immintrin.h>

namespace snip {

namespace {

// ---- AVX2 + FMA: accumulators stay in registers across a column's kept weights ----

#define SNIP_AVX2 __attribute__((target("avx2,fma")))

// o[0, B·8) = Σ_q v_q · s_q[0, B·8): B ymm accumulators, one load and one FMA per 8 products.
template <int B>
SNIP_AVX2 inline void axpyBlock(const int32_t* idx, const float* w, long wRowStride, long wCol, int32_t q0, int32_t q1,
                                const float* srcT, long M, long m0, float* o) {
  __m256 acc[B];
  for (int b = 0; b < B; ++b) acc[b] = _mm256_setzero_ps();
  for (int32_t q = q0; q < q1; ++q) {
    const long i = idx[q];
    const __m256 v = _mm256_set1_ps(w[i * wRowStride + wCol]);
    const float* s = srcT + i * M + m0;
    for (int b = 0; b < B; ++b) acc[b] = _mm256_fmadd_ps(v, _mm256_loadu_ps(s + 8 * b), acc[b]);
  }
  for (int b = 0; b < B; ++b) _mm256_storeu_ps(o + m0 + 8 * b, acc[b]);
}

// The last M − m0 < 8 positions, through masked loads and stores.
SNIP_AVX2 inline void axpyTail(const int32_t* idx, const float* w, long wRowStride, long wCol, int32_t q0, int32_t q1,
                               const float* srcT, long M, long m0, float* o) {
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i keep = _mm256_cmpgt_epi32(_mm256_set1_epi32(int(M - m0)), lane);
  __m256 acc = _mm256_setzero_ps();
  for (int32_t q = q0; q < q1; ++q) {
    const long i = idx[q];
    acc = _mm256_fmadd_ps(_mm256_set1_ps(w[i * wRowStride + wCol]), _mm256_maskload_ps(srcT + i * M + m0, keep), acc);
  }
  _mm256_maskstore_ps(o + m0, keep, acc);
}

SNIP_AVX2 void gatherAxpyAvx2(const int32_t* ptr, const int32_t* idx, const float* w, long wRowStride, long wColStride,
                              const float* srcT, long M, float* outT, long j0, long j1) {
  for (long j = j0; j < j1; ++j) {
    float* o = outT + j * M;
    const int32_t q0 = ptr[j], q1 = ptr[j + 1];
    const long wCol = j * wColStride;
    long m = 0;
    for (; m + 64 <= M; m += 64) axpyBlock<8>(idx, w, wRowStride, wCol, q0, q1, srcT, M, m, o);
    if (m + 32 <= M) axpyBlock<4>(idx, w, wRowStride, wCol, q0, q1, srcT, M, m, o), m += 32;
    if (m + 16 <= M) axpyBlock<2>(idx, w, wRowStride, wCol, q0, q1, srcT, M, m, o), m += 16;
    if (m + 8 <= M) axpyBlock<1>(idx, w, wRowStride, wCol, q0, q1, srcT, M, m, o), m += 8;
    if (m < M) axpyTail(idx, w, wRowStride, wCol, q0, q1, srcT, M, m, o);
  }
}

SNIP_AVX2 inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
}

SNIP_AVX2 void keptDotsAvx2(const SparsePattern& p, const float* aT, const float* bT, long M, float* byNnz, long n0, long n1) {
  for (long n = n0; n < n1; ++n) {
    const float* b = bT + n * M;
    int32_t q = p.colPtr[n];
    for (; q + 4 <= p.colPtr[n + 1]; q += 4) {  // four rows share each load of b
      const float* a[4];
      __m256 acc[4];
      for (int r = 0; r < 4; ++r) a[r] = aT + long(p.colRows[q + r]) * M, acc[r] = _mm256_setzero_ps();
      long m = 0;
      for (; m + 8 <= M; m += 8) {
        const __m256 bv = _mm256_loadu_ps(b + m);
        for (int r = 0; r < 4; ++r) acc[r] = _mm256_fmadd_ps(_mm256_loadu_ps(a[r] + m), bv, acc[r]);
      }
      for (int r = 0; r < 4; ++r) {
        float sum = hsum(acc[r]);
        for (long t = m; t < M; ++t) sum += a[r][t] * b[t];
        byNnz[q + r] += sum;
      }
    }
    for (; q < p.colPtr[n + 1]; ++q) {
      const float* a = aT + long(p.colRows[q]) * M;
      __m256 acc = _mm256_setzero_ps();
      long m = 0;
      for (; m + 8 <= M; m += 8) acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + m), _mm256_loadu_ps(b + m), acc);
      float sum = hsum(acc);
      for (; m < M; ++m) sum += a[m] * b[m];
      byNnz[q] += sum;
    }
  }
}

// ---- portable ----

void gatherAxpyPortable(const int32_t* ptr, const int32_t* idx, const float* w, long wRowStride, long wColStride,
                        const float* srcT, long M, float* outT, long j0, long j1) {
  for (long j = j0; j < j1; ++j) {
    float* __restrict o = outT + j * M;
    std::fill(o, o + M, 0.0f);
    for (int32_t q = ptr[j]; q < ptr[j + 1]; ++q) {
      const long i = idx[q];
      const float v = w[i * wRowStride + j * wColStride];
      const float* __restrict s = srcT + i * M;
      for (long m = 0; m < M; ++m) o[m] += v * s[m];
    }
  }
}

void keptDotsPortable(const SparsePattern& p, const float* aT, const float* bT, long M, float* byNnz, long n0, long n1) {
  for (long n = n0; n < n1; ++n) {
    const float* __restrict b = bT + n * M;
    for (int32_t q = p.colPtr[n]; q < p.colPtr[n + 1]; ++q) {
      const float* __restrict a = aT + long(p.colRows[q]) * M;
      float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};  // eight partial sums let the loop vectorise
      long m = 0;
      for (; m + 8 <= M; m += 8)
        for (int l = 0; l < 8; ++l) part[l] += a[m + l] * b[m + l];
      float sum = ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]));
      for (; m < M; ++m) sum += a[m] * b[m];
      byNnz[q] += sum;
    }
  }
}

const bool kAvx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");

}  // namespace

void gatherAxpy(const int32_t* ptr, const int32_t* idx, const float* w, long wRowStride, long wColStride,
                const float* srcT, long M, float* outT, long j0, long j1) {
  (kAvx2 ? gatherAxpyAvx2 : gatherAxpyPortable)(ptr, idx, w, wRowStride, wColStride, srcT, M, outT, j0, j1);
}

void keptDots(const SparsePattern& p, const float* aT, const float* bT, long M, float* byNnz, long n0, long n1) {
  (kAvx2 ? keptDotsAvx2 : keptDotsPortable)(p, aT, bT, M, byNnz, n0, n1);
}

void biasActivateRows(float* outT, long J, long M, const float* bias, int act) {
  if (bias == nullptr && act == 0) return;
  for (long j = 0; j < J; ++j) {
    float* o = outT + j * M;
    const float b = bias ? bias[j] : 0.0f;
    if (act == 1)
      for (long m = 0; m < M; ++m) o[m] = std::max(o[m] + b, 0.0f);
    else
      for (long m = 0; m < M; ++m) o[m] += b;
  }
}

void scatterKept(const SparsePattern& p, const float* byNnz, float* dense, bool zeroOutside) {
  if (!zeroOutside) std::memset(dense, 0, sizeof(float) * size_t(p.K) * p.N);
  for (long n = 0; n < p.N; ++n)
    for (int32_t q = p.colPtr[n]; q < p.colPtr[n + 1]; ++q) dense[long(p.colRows[q]) * p.N + n] = byNnz[q];
}

namespace {

// dst[c·ld + r] = src[r·ls + c] for an 8×8 block (unpack, shuffle, swap 128-bit halves).
SNIP_AVX2 inline void transpose8x8(const float* src, long ls, float* dst, long ld) {
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * ls);
  for (int i = 0; i < 8; i += 2) t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]), t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  for (int i = 0; i < 8; i += 4) {
    r[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(dst + i * ld, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
    _mm256_storeu_ps(dst + (i + 4) * ld, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
  }
}

SNIP_AVX2 void transposeAvx2(const float* src, float* dst, long rows, long cols) {
  constexpr long T = 32;
  for (long r0 = 0; r0 < rows; r0 += T)
    for (long c0 = 0; c0 < cols; c0 += T) {
      const long r1 = std::min(rows, r0 + T), c1 = std::min(cols, c0 + T);
      long r = r0;
      for (; r + 8 <= r1; r += 8) {
        long c = c0;
        for (; c + 8 <= c1; c += 8) transpose8x8(src + r * cols + c, cols, dst + c * rows + r, rows);
        for (; c < c1; ++c)
          for (long i = r; i < r + 8; ++i) dst[c * rows + i] = src[i * cols + c];
      }
      for (; r < r1; ++r)
        for (long c = c0; c < c1; ++c) dst[c * rows + r] = src[r * cols + c];
    }
}

void transposePortable(const float* src, float* dst, long rows, long cols) {
  constexpr long T = 32;
  for (long r0 = 0; r0 < rows; r0 += T)
    for (long c0 = 0; c0 < cols; c0 += T)
      for (long r = r0; r < std::min(rows, r0 + T); ++r)
        for (long c = c0; c < std::min(cols, c0 + T); ++c) dst[c * rows + r] = src[r * cols + c];
}

}  // namespace

void transpose(const float* src, float* dst, long rows, long cols) {
  (kAvx2 ? transposeAvx2 : transposePortable)(src, dst, rows, cols);
}

}  // namespace snip
