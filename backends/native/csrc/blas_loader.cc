// Finds cblas_sgemm in a system BLAS at run time (no link-time dependency).
// SNIP_NATIVE_BLAS names the library to try first.
#include <dlfcn.h>

#include <cstdlib>

#include "gemm_arch.h"

namespace snip {

CblasSgemm systemBlas() {
  static CblasSgemm fn = [] {
    const char* names[] = {std::getenv("SNIP_NATIVE_BLAS"), "libopenblas.so.0", "libopenblas.so",
                           "libblis.so.4", "libblas.so.3"};
    for (const char* name : names) {
      if (!name) continue;
      void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (!lib) continue;
      auto sgemm = reinterpret_cast<CblasSgemm>(dlsym(lib, "cblas_sgemm"));
      if (!sgemm) continue;
      // We split work over our own pool, so the library must not start threads of its own.
      if (auto setThreads = reinterpret_cast<void (*)(int)>(dlsym(lib, "openblas_set_num_threads")))
        setThreads(1);
      return sgemm;
    }
    return static_cast<CblasSgemm>(nullptr);
  }();
  return fn;
}

}  // namespace snip
