// Cache-blocked, packed GEMM (the BLIS loop nest) over a micro-kernel chosen at run time.
#include "gemm.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "gemm_arch.h"
#include "thread_pool.h"

namespace snip {
namespace {

// Products smaller than this run on one thread: waking a sleeping worker costs tens of µs.
constexpr double kParallelFlops = 1e7;

struct View {  // element (i, j) lives at p[i * rs + j * cs]
  const float* p;
  long rs, cs;
};

struct Impl {
  const GemmArch* arch;  // own micro-kernels, or nullptr when the system BLAS is used
  CblasSgemm blas;
};

void gemmBlock(const GemmArch& g, int m, int n, int k, View a, View b, float* c, long rsc, long csc, float beta);
void sgemmBlas(CblasSgemm blas, bool ta, bool tb, int m, int n, int k, const float* a, int lda, const float* b,
               int ldb, float* c, int ldc, float beta, bool parallel);

// Best of 5 runs of a convolution-shaped product on one thread, in seconds.
double timeProduct(const Impl& im) {
  constexpr int m = 96, n = 64, k = 576;
  std::vector<float> a(m * k, 0.5f), b(k * n, 0.25f), c(m * n);
  double best = 1e9;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    if (im.arch)
      gemmBlock(*im.arch, m, n, k, {a.data(), k, 1}, {b.data(), n, 1}, c.data(), n, 1, 0.0f);
    else
      sgemmBlas(im.blas, false, false, m, n, k, a.data(), k, b.data(), n, c.data(), n, 0.0f, false);
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

// SNIP_NATIVE_GEMM names one; otherwise our best micro-kernels, or the system BLAS if it is faster here.
Impl defaultImpl() {
  const char* want = std::getenv("SNIP_NATIVE_GEMM");
  if (want && std::strcmp(want, "blas") == 0 && systemBlas()) return {nullptr, systemBlas()};
  for (const GemmArch* g : {avx512Arch(), avx2Arch(), portableArch()})
    if (want && g && std::strcmp(want, g->name) == 0) return {g, nullptr};
  const Impl own{avx512Arch() ? avx512Arch() : (avx2Arch() ? avx2Arch() : portableArch()), nullptr};
  if (!systemBlas()) return own;
  const Impl blas{nullptr, systemBlas()};
  return timeProduct(blas) < 0.9 * timeProduct(own) ? blas : own;
}

Impl& impl() {
  static Impl current = defaultImpl();
  return current;
}

template <typename T>
T* align64(T* p) {
  return reinterpret_cast<T*>((reinterpret_cast<uintptr_t>(p) + 63) & ~uintptr_t(63));
}

float* alignedBuffer(std::vector<float>& v, size_t n) {
  if (v.size() < n + 16) v.resize(n + 16);
  return align64(v.data());
}

// A[ic.., pc..] → panels of MR rows, each [kc][MR], zero-padded.
void packA(const GemmArch& g, View a, int mc, int kc, float* dst) {
  for (int i0 = 0; i0 < mc; i0 += g.mr) {
    const int rows = std::min(g.mr, mc - i0);
    for (int p = 0; p < kc; ++p, dst += g.mr) {
      const float* src = a.p + i0 * a.rs + p * a.cs;
      int r = 0;
      for (; r < rows; ++r) dst[r] = src[r * a.rs];
      for (; r < g.mr; ++r) dst[r] = 0.0f;
    }
  }
}

// B[pc.., jc..] → panels of NR columns, each [kc][NR], zero-padded.
void packB(const GemmArch& g, View b, int kc, int nc, float* dst) {
  for (int j0 = 0; j0 < nc; j0 += g.nr) {
    const int cols = std::min(g.nr, nc - j0);
    for (int p = 0; p < kc; ++p, dst += g.nr) {
      const float* src = b.p + p * b.rs + j0 * b.cs;
      int j = 0;
      if (b.cs == 1)
        for (; j < cols; ++j) dst[j] = src[j];
      else
        for (; j < cols; ++j) dst[j] = src[j * b.cs];
      for (; j < g.nr; ++j) dst[j] = 0.0f;
    }
  }
}

// A panel: packed (rsa = csa = 0), or read in place from row-major (csa = 1) or
// column-major (rsa = 1) storage.
void microTile(const GemmArch& g, int kc, const float* pa, long rsa, long csa, const float* pb, long ldb, float* c,
               long rsc, long csc, int mr, int nr, float beta) {
  const bool full = mr == g.mr && nr == g.nr && csc == 1;
  alignas(64) float tile[16 * 32];
  if (rsa + csa != 0 && mr < g.mr) {  // rows past the edge of A are not readable: pad a copy
    alignas(64) float panel[16 * 512];
    packA(g, {pa, rsa, csa}, mr, kc, panel);
    return microTile(g, kc, panel, 0, 0, pb, ldb, c, rsc, csc, mr, nr, beta);
  }
  float* out = full ? c : tile;
  const long ldo = full ? rsc : g.nr;
  const float bo = full ? beta : 0.0f;
  if (rsa + csa == 0)
    g.kernel(kc, pa, pb, ldb, out, ldo, bo);
  else if (csa == 1)
    g.kernelRowsA(kc, pa, rsa, pb, ldb, out, ldo, bo);
  else
    g.kernelColsA(kc, pa, csa, pb, ldb, out, ldo, bo);
  if (full) return;
  for (int i = 0; i < mr; ++i)
    for (int j = 0; j < nr; ++j) {
      float& dst = c[i * rsc + j * csc];
      dst = tile[i * g.nr + j] + (beta != 0.0f ? dst : 0.0f);
    }
}

int roundUp(int x, int q) { return (x + q - 1) / q * q; }

// Where block (jc, pc) of a whole packed B starts: blocks of nc columns, each k × nc
// padded to NR, split into kc-row slabs.
size_t packedOffset(const GemmArch& g, int jc, int pc, int n, int k) {
  return size_t(jc) * k + size_t(pc) * roundUp(std::min(g.nc, n - jc), g.nr);
}

// One thread's share: the BLIS five-loop nest. `prepacked`: all of B packed by packWhole.
void gemmOwn(const GemmArch& g, int m, int n, int k, View a, View b, float* c, long rsc, long csc, float beta,
             const float* prepacked = nullptr) {
  thread_local std::vector<float> bufA, bufB;
  float* pa = alignedBuffer(bufA, size_t(g.mc) * g.kc);
  float* pb = prepacked ? nullptr : alignedBuffer(bufB, size_t(g.kc) * g.nc);
  for (int jc = 0; jc < n; jc += g.nc) {
    const int nc = std::min(g.nc, n - jc);
    for (int pc = 0; pc < k; pc += g.kc) {
      const int kc = std::min(g.kc, k - pc);
      const float bt = pc == 0 ? beta : 1.0f;
      // Few row tiles reuse B too little to pay for packing it: read whole panels in place.
      const bool bInPlace = !prepacked && b.cs == 1 && nc % g.nr == 0 && m <= 24 * g.mr;
      const long ldb = bInPlace ? b.rs : g.nr, panelStep = bInPlace ? 1 : kc;
      if (prepacked)
        pb = const_cast<float*>(prepacked + packedOffset(g, jc, pc, n, k));
      else if (bInPlace)
        pb = const_cast<float*>(b.p + pc * b.rs + jc);
      else
        packB(g, {b.p + pc * b.rs + jc * b.cs, b.rs, b.cs}, kc, nc, pb);
      for (int ic = 0; ic < m; ic += g.mc) {
        const int mc = std::min(g.mc, m - ic);
        const View ab{a.p + ic * a.rs + pc * a.cs, a.rs, a.cs};
        // With few panels of B, A is reused too little to pay for packing it: read it in place.
        const bool inPlace = (a.cs == 1 || a.rs == 1) && nc <= 16 * g.nr;
        if (!inPlace) packA(g, ab, mc, kc, pa);
        const long rsa = inPlace ? a.rs : 0, csa = inPlace ? a.cs : 0;
        for (int jr = 0; jr < nc; jr += g.nr)
          for (int ir = 0; ir < mc; ir += g.mr)
            microTile(g, kc, inPlace ? ab.p + ir * a.rs : pa + ir * kc, rsa, csa, pb + jr * panelStep, ldb,
                      c + (ic + ir) * rsc + (jc + jr) * csc, rsc, csc, std::min(g.mr, mc - ir),
                      std::min(g.nr, nc - jr), bt);
      }
    }
  }
}

void scaleC(int m, int n, float* c, long rsc, long csc, float beta) {
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) c[i * rsc + j * csc] *= beta;
}

// Fraction of micro-kernel work that is not zero padding.
double fill(const GemmArch& g, int m, int n) {
  auto up = [](int x, int q) { return double((x + q - 1) / q * q); };
  return m / up(m, g.mr) * (n / up(n, g.nr));
}

void gemmBlock(const GemmArch& g, int m, int n, int k, View a, View b, float* c, long rsc, long csc,
               float beta) {
  if (m <= 0 || n <= 0) return;
  if (k == 0) return scaleC(m, n, c, rsc, csc, beta);
  gemmOwn(g, m, n, k, a, b, c, rsc, csc, beta);
}

// The system BLAS, single-threaded inside each of our slabs of rows of C.
void sgemmBlas(CblasSgemm blas, bool ta, bool tb, int m, int n, int k, const float* a, int lda, const float* b,
               int ldb, float* c, int ldc, float beta, bool parallel) {
  if (m <= 0 || n <= 0) return;
  if (k == 0) return scaleC(m, n, c, ldc, 1, beta);
  // cblas checks lda >= row length even when a dimension is 1 and the stride is unused.
  lda = std::max(lda, std::max(1, ta ? m : k));
  ldb = std::max(ldb, std::max(1, tb ? k : n));
  ldc = std::max(ldc, std::max(1, n));
  const int threads = parallel && 2.0 * m * n * k > kParallelFlops ? numThreads() : 1;
  const int slab = (m + threads - 1) / threads;
  parallelFor((m + slab - 1) / slab, [&](int t, int) {
    const int lo = t * slab, rows = std::min(m, lo + slab) - lo;
    blas(101, ta ? 112 : 111, tb ? 112 : 111, rows, n, k, 1.0f, ta ? a + lo : a + long(lo) * lda, lda, b, ldb,
         beta, c + long(lo) * ldc, ldc);
  });
}

}  // namespace

void sgemm(bool transA, bool transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb,
           float* c, int ldc, float beta, bool parallel) {
  const Impl im = impl();
  if (!im.arch) return sgemmBlas(im.blas, transA, transB, m, n, k, a, lda, b, ldb, c, ldc, beta, parallel);
  const GemmArch& g = *im.arch;
  View va = transA ? View{a, 1, lda} : View{a, lda, 1};
  View vb = transB ? View{b, 1, ldb} : View{b, ldb, 1};
  long rsc = ldc, csc = 1;
  // Cᵀ = Bᵀ·Aᵀ when that wastes less of the micro-tile on padding.
  if (fill(g, n, m) > fill(g, m, n) * 1.3) {
    std::swap(m, n);
    View t = va;
    va = {vb.p, vb.cs, vb.rs};
    vb = {t.p, t.cs, t.rs};
    std::swap(rsc, csc);
  }
  const double flops = 2.0 * m * n * k;
  const int threads = parallel && flops > kParallelFlops ? numThreads() : 1;
  if (threads == 1) return gemmBlock(g, m, n, k, va, vb, c, rsc, csc, beta);
  // Split the longer side into one slab per thread, aligned to the micro-tile.
  const bool splitM = m >= n;
  const int len = splitM ? m : n, q = splitM ? g.mr : g.nr;
  const int slab = ((len + threads - 1) / threads + q - 1) / q * q;
  parallelFor((len + slab - 1) / slab, [&](int t, int) {
    const int lo = t * slab, hi = std::min(len, lo + slab);
    if (splitM)
      gemmBlock(g, hi - lo, n, k, {va.p + lo * va.rs, va.rs, va.cs}, vb, c + lo * rsc, rsc, csc, beta);
    else
      gemmBlock(g, m, hi - lo, k, va, {vb.p + lo * vb.cs, vb.rs, vb.cs}, c + lo * csc, rsc, csc, beta);
  });
}

PackedB::PackedB(bool transB, int k, int n, const float* b, int ldb)
    : k_(k), n_(n), ldb_(ldb), transB_(transB), b_(b), arch_(impl().arch) {
  if (!arch_) return;  // the system BLAS packs for itself
  const GemmArch& g = *static_cast<const GemmArch*>(arch_);
  const View vb = transB ? View{b, 1, ldb} : View{b, ldb, 1};
  float* base = alignedBuffer(data_, size_t(k) * roundUp(n, g.nr));
  for (int jc = 0; jc < n; jc += g.nc)
    for (int pc = 0; pc < k; pc += g.kc)
      packB(g, {vb.p + pc * vb.rs + jc * vb.cs, vb.rs, vb.cs}, std::min(g.kc, k - pc), std::min(g.nc, n - jc),
            base + packedOffset(g, jc, pc, n, k));
}

void sgemmPackedB(int m, const float* a, int lda, const PackedB& b, float* c, int ldc, float beta, bool parallel) {
  const GemmArch* g = static_cast<const GemmArch*>(b.arch_);
  if (!g || g != impl().arch)
    return sgemm(false, b.transB_, m, b.n_, b.k_, a, lda, b.b_, b.ldb_, c, ldc, beta, parallel);
  if (m <= 0 || b.n_ <= 0) return;
  if (b.k_ == 0) return scaleC(m, b.n_, c, ldc, 1, beta);
  const int threads = parallel && 2.0 * m * b.n_ * b.k_ > kParallelFlops ? numThreads() : 1;
  const int slab = roundUp((m + threads - 1) / threads, g->mr);
  parallelFor((m + slab - 1) / slab, [&](int t, int) {
    const int lo = t * slab, hi = std::min(m, lo + slab);
    gemmOwn(*g, hi - lo, b.n_, b.k_, {a + long(lo) * lda, lda, 1}, {nullptr, 0, 0}, c + long(lo) * ldc, ldc, 1, beta,
            align64(b.data_.data()));
  });
}

bool setGemmImpl(const std::string& name) {
  if (name == "blas") {
    if (!systemBlas()) return false;
    impl() = {nullptr, systemBlas()};
    return true;
  }
  const GemmArch* arch = name == "avx512" ? avx512Arch()
                         : name == "avx2" ? avx2Arch()
                         : name == "portable" ? portableArch()
                                              : nullptr;
  if (!arch) return false;
  impl() = {arch, nullptr};
  return true;
}

std::string gemmImpl() { return impl().arch ? impl().arch->name : "blas"; }

std::string availableGemmImpls() {
  std::string s;
  for (const GemmArch* g : {avx512Arch(), avx2Arch(), portableArch()})
    if (g) s += std::string(s.empty() ? "" : ",") + g->name;
  if (systemBlas()) s += ",blas";
  return s;
}

}  // namespace snip
