// Reductions over axes (attrs: keepDims, then the axes, non-negative), ArgMax/ArgMin and Softmax.
#include "../kernels.h"

namespace snip_torch {
namespace {

std::vector<int64_t> axes(const Attrs& a) { return a.ints(1, a.n - 1); }
bool keep(const Attrs& a) { return a.i(0) != 0; }

// Applies a one-axis reduction over several axes, last axis first so indices stay valid.
template <typename F>
at::Tensor eachAxis(at::Tensor x, std::vector<int64_t> dims, bool keepDims, F reduce) {
  std::sort(dims.rbegin(), dims.rend());
  for (int64_t d : dims) x = reduce(x, d, keepDims);
  return x;
}

Tensors sum(const Tensors& in, const Attrs& a) {
  if (a.n == 1) return {in[0]};
  return {at::sum(in[0], axes(a), keep(a))};
}

Tensors mean(const Tensors& in, const Attrs& a) {
  at::Tensor x = in[0].is_floating_point() ? in[0] : in[0].to(at::kFloat);
  if (a.n == 1) return {x};
  return {at::mean(x, axes(a), keep(a))};
}

Tensors max(const Tensors& in, const Attrs& a) { return {a.n == 1 ? in[0] : at::amax(in[0], axes(a), keep(a))}; }
Tensors min(const Tensors& in, const Attrs& a) { return {a.n == 1 ? in[0] : at::amin(in[0], axes(a), keep(a))}; }

Tensors prod(const Tensors& in, const Attrs& a) {
  return {eachAxis(in[0], axes(a), keep(a), [](const at::Tensor& x, int64_t d, bool k) { return at::prod(x, d, k); })};
}

Tensors all(const Tensors& in, const Attrs& a) {
  return {eachAxis(in[0], axes(a), keep(a), [](const at::Tensor& x, int64_t d, bool k) { return at::all(x, d, k); })};
}

Tensors any(const Tensors& in, const Attrs& a) {
  return {eachAxis(in[0], axes(a), keep(a), [](const at::Tensor& x, int64_t d, bool k) { return at::any(x, d, k); })};
}

// attrs: axis
Tensors argMax(const Tensors& in, const Attrs& a) { return {at::argmax(in[0], a.i(0), false)}; }
Tensors argMin(const Tensors& in, const Attrs& a) { return {at::argmin(in[0], a.i(0), false)}; }

// attrs: dim
Tensors softmax(const Tensors& in, const Attrs& a) { return {at::softmax(in[0], a.i(0))}; }

}  // namespace

const std::vector<KernelRow>& reduceKernels() {
  static const std::vector<KernelRow> rows = {
      {"All", all, 1}, {"Any", any, 1}, {"ArgMax", argMax, 1}, {"ArgMin", argMin, 1},
      {"Max", max, 1}, {"Mean", mean, 1}, {"Min", min, 1},     {"Prod", prod, 1},
      {"Softmax", softmax, 1}, {"Sum", sum, 1},
  };
  return rows;
}

}  // namespace snip_torch
