// What binding.cc hands a kernel: raw float buffers and numeric attributes. No N-API here.
#pragma once
#include <cstddef>

namespace snip {

constexpr int kMaxOperands = 8;

struct KernelCall {
  const float* in[kMaxOperands] = {};
  size_t inSize[kMaxOperands] = {};
  int numIn = 0;
  float* out[kMaxOperands] = {};
  size_t outSize[kMaxOperands] = {};
  int numOut = 0;
  const double* attrs = nullptr;
  int numAttrs = 0;

  long attr(int i) const { return i < numAttrs ? static_cast<long>(attrs[i]) : 0; }
  double attrF(int i) const { return i < numAttrs ? attrs[i] : 0.0; }
};

// Returns nullptr on success, or a message that binding.cc throws as a JS error.
using KernelRunner = const char* (*)(const KernelCall& call);

}  // namespace snip
