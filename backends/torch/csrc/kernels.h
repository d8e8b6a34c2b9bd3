// The torch kernels: plain functions over at::Tensor (no N-API here), one table per family.
// Tensors are NHWC like TF.js; conv/pool kernels view them as NCHW channels-last (no copy).
#pragma once
#include <ATen/ATen.h>

#include <string>
#include <vector>

namespace snip_torch {

using Tensors = std::vector<at::Tensor>;

// Numeric attributes in the order the kernel's TS file packs them.
struct Attrs {
  const double* v;
  int n;
  double operator[](int i) const;
  int64_t i(int k) const { return static_cast<int64_t>((*this)[k]); }
  std::vector<int64_t> ints(int from, int count) const;
};

using KernelFn = Tensors (*)(const Tensors& in, const Attrs& a);

struct KernelRow {
  const char* name;  // tfjs-core kernel name
  KernelFn fn;
  int minInputs;
};

// dtype codes shared with src/binding.ts
enum DType { kFloat32 = 0, kInt32 = 1, kBool = 2 };
at::ScalarType scalarType(int code);
int dtypeCode(at::ScalarType t);  // -1 when not a TF.js dtype

// The device new tensors go to (set by the binding).
at::Device device();
at::TensorOptions floatOptions();

const std::vector<KernelRow>& convKernels();
const std::vector<KernelRow>& poolKernels();
const std::vector<KernelRow>& matmulKernels();
const std::vector<KernelRow>& unaryKernels();
const std::vector<KernelRow>& binaryKernels();
const std::vector<KernelRow>& reduceKernels();
const std::vector<KernelRow>& shapeKernels();
const std::vector<KernelRow>& createKernels();
const std::vector<KernelRow>& normKernels();
const std::vector<KernelRow>& optimKernels();

// Fused activation (tfjs backend_util.Activation): 0 linear, 1 relu, 2 relu6, 3 elu,
// 4 sigmoid, 5 leakyrelu (alpha), 6 prelu (weights).
at::Tensor applyActivation(at::Tensor y, int64_t act, double alpha, const at::Tensor& prelu);

}  // namespace snip_torch
