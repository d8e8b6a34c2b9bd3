// Kernels that make tensors: Fill, Range, OneHot, ZerosLike, OnesLike.
#include "../kernels.h"

namespace snip_torch {
namespace {

at::TensorOptions opts(int64_t dtype) { return at::TensorOptions().dtype(scalarType(int(dtype))).device(device()); }

// attrs: value, dtype, shape...
Tensors fill(const Tensors&, const Attrs& a) { return {at::full(a.ints(2, a.n - 2), a[0], opts(a.i(1)))}; }

// attrs: start, stop, step, dtype
Tensors range(const Tensors&, const Attrs& a) {
  return {at::arange(a[0], a[1], a[2], at::TensorOptions().dtype(at::kDouble).device(device())).to(scalarType(int(a.i(3))))};
}

// in: indices; attrs: depth, onValue, offValue, dtype. Out-of-range indices give all-off rows.
Tensors oneHot(const Tensors& in, const Attrs& a) {
  at::Tensor classes = at::arange(a.i(0), in[0].options().dtype(at::kLong));
  at::Tensor hot = at::eq(in[0].to(at::kLong).unsqueeze(-1), classes);
  at::Tensor on = at::full({}, a[1], opts(a.i(3))), off = at::full({}, a[2], opts(a.i(3)));
  return {at::where(hot, on, off)};
}

Tensors zerosLike(const Tensors& in, const Attrs&) { return {at::zeros_like(in[0], at::MemoryFormat::Contiguous)}; }
Tensors onesLike(const Tensors& in, const Attrs&) { return {at::ones_like(in[0], at::MemoryFormat::Contiguous)}; }

}  // namespace

const std::vector<KernelRow>& createKernels() {
  static const std::vector<KernelRow> rows = {
      {"Fill", fill, 0}, {"OneHot", oneHot, 1}, {"OnesLike", onesLike, 1}, {"Range", range, 0}, {"ZerosLike", zerosLike, 1},
  };
  return rows;
}

}  // namespace snip_torch
