// Kernels that move values without arithmetic: views where ATen allows, copies otherwise.
#include "../kernels.h"

namespace snip_torch {
namespace {

// attrs: the new shape
Tensors reshape(const Tensors& in, const Attrs& a) { return {in[0].reshape(a.ints(0, a.n))}; }
// attrs: the permutation
Tensors transpose(const Tensors& in, const Attrs& a) { return {in[0].permute(a.ints(0, a.n))}; }
Tensors identity(const Tensors& in, const Attrs&) { return {in[0]}; }
// attrs: dtype code
Tensors cast(const Tensors& in, const Attrs& a) { return {in[0].to(scalarType(int(a.i(0))))}; }

// in: the tensors; attrs: axis
Tensors concat(const Tensors& in, const Attrs& a) { return {at::cat(in, a.i(0))}; }
Tensors pack(const Tensors& in, const Attrs& a) { return {at::stack(in, a.i(0))}; }
Tensors addN(const Tensors& in, const Attrs&) {
  at::Tensor s = in[0].clone();
  for (size_t i = 1; i < in.size(); ++i) s.add_(in[i]);
  return {s};
}

// attrs: axis
Tensors unpack(const Tensors& in, const Attrs& a) { return at::unbind(in[0], a.i(0)); }
// attrs: axis, sizes...
Tensors splitV(const Tensors& in, const Attrs& a) { return at::split_with_sizes(in[0], a.ints(1, a.n - 1), a.i(0)); }

// attrs: begin[rank], size[rank] (resolved, non-negative)
Tensors slice(const Tensors& in, const Attrs& a) {
  at::Tensor x = in[0];
  int64_t rank = x.dim();
  for (int64_t d = 0; d < rank; ++d) x = x.narrow(d, a.i(int(d)), a.i(int(rank + d)));
  return {x};
}

// attrs: constantValue, then [before, after] per dimension
Tensors padV2(const Tensors& in, const Attrs& a) {
  int64_t rank = in[0].dim();
  std::vector<int64_t> pad;  // ATen: last dimension first
  for (int64_t d = rank - 1; d >= 0; --d) pad.insert(pad.end(), {a.i(int(1 + 2 * d)), a.i(int(2 + 2 * d))});
  return {at::constant_pad_nd(in[0], pad, a[0])};
}

// attrs: reps
Tensors tile(const Tensors& in, const Attrs& a) { return {in[0].repeat(a.ints(0, a.n))}; }
// attrs: axes to flip
Tensors reverse(const Tensors& in, const Attrs& a) { return {at::flip(in[0], a.ints(0, a.n))}; }

// in: x, indices; attrs: axis (batchDims 0)
Tensors gatherV2(const Tensors& in, const Attrs& a) {
  int64_t axis = a.i(0);
  at::Tensor idx = in[1].to(at::kLong);
  at::Tensor flat = at::index_select(in[0], axis, idx.reshape({-1}));
  std::vector<int64_t> shape(in[0].sizes().begin(), in[0].sizes().begin() + axis);
  shape.insert(shape.end(), idx.sizes().begin(), idx.sizes().end());
  shape.insert(shape.end(), in[0].sizes().begin() + axis + 1, in[0].sizes().end());
  return {flat.reshape(shape)};
}

// in: condition, a, b. A rank-1 condition picks rows of a and b.
Tensors select(const Tensors& in, const Attrs&) {
  at::Tensor c = in[0].to(at::kBool);
  if (c.dim() == 1 && in[1].dim() > 1) {
    std::vector<int64_t> shape(in[1].dim(), 1);
    shape[0] = c.size(0);
    c = c.reshape(shape);
  }
  return {at::where(c, in[1], in[2])};
}

}  // namespace

const std::vector<KernelRow>& shapeKernels() {
  static const std::vector<KernelRow> rows = {
      {"AddN", addN, 1},      {"Cast", cast, 1},        {"Concat", concat, 1},   {"GatherV2", gatherV2, 2},
      {"Identity", identity, 1}, {"Pack", pack, 1},     {"PadV2", padV2, 1},     {"Reshape", reshape, 1},
      {"Reverse", reverse, 1}, {"Select", select, 3},   {"Slice", slice, 1},     {"SplitV", splitV, 1},
      {"Tile", tile, 1},      {"Transpose", transpose, 1}, {"Unpack", unpack, 1},
  };
  return rows;
}

}  // namespace snip_torch
