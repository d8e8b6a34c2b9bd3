// MaxPool, AvgPool and their gradients over NHWC tensors. TF.js averages over the window's
// valid (unpadded) cells and takes the first maximum, as ATen does.
#include <limits>

#include "../kernels.h"

namespace snip_torch {
namespace {

// filterH, filterW, strideH, strideW, padTop, padBottom, padLeft, padRight
struct Pool {
  int64_t fh, fw, sh, sw, pt, pb, pl, pr;
  bool symmetric() const { return pt == pb && pl == pr; }
  std::vector<int64_t> kernel() const { return {fh, fw}; }
  std::vector<int64_t> stride() const { return {sh, sw}; }
  at::Tensor pad(const at::Tensor& x, double value) const { return at::constant_pad_nd(x, {pl, pr, pt, pb}, value); }
  at::Tensor unpad(const at::Tensor& x, int64_t h, int64_t w) const { return x.narrow(2, pt, h).narrow(3, pl, w); }
};

Pool pool(const Attrs& a) { return {a.i(0), a.i(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7)}; }

at::Tensor nchw(const at::Tensor& x) { return x.permute({0, 3, 1, 2}); }
at::Tensor nhwc(const at::Tensor& x) { return x.permute({0, 2, 3, 1}); }
const double kNegInf = -std::numeric_limits<double>::infinity();

// The NCHW input padded for ATen, and the symmetric padding left to ATen.
at::Tensor prepare(const Pool& p, const at::Tensor& x, double fill, std::vector<int64_t>& pad) {
  if (p.symmetric()) {
    pad = {p.pt, p.pl};
    return nchw(x);
  }
  pad = {0, 0};
  return p.pad(nchw(x), fill);
}

// in: x
Tensors maxPool(const Tensors& in, const Attrs& a) {
  Pool p = pool(a);
  std::vector<int64_t> pad;
  at::Tensor x = prepare(p, in[0], kNegInf, pad);
  return {nhwc(at::max_pool2d(x, p.kernel(), p.stride(), pad, {1, 1}, false))};
}

// in: dy, x (, y unused)
Tensors maxPoolGrad(const Tensors& in, const Attrs& a) {
  Pool p = pool(a);
  std::vector<int64_t> pad;
  at::Tensor x = prepare(p, in[1], kNegInf, pad);
  at::Tensor idx = std::get<1>(at::max_pool2d_with_indices(x, p.kernel(), p.stride(), pad, {1, 1}, false));
  at::Tensor dx = at::max_pool2d_with_indices_backward(nchw(in[0]), x, p.kernel(), p.stride(), pad, {1, 1}, false, idx);
  if (!p.symmetric()) dx = p.unpad(dx, in[1].size(1), in[1].size(2));
  return {nhwc(dx)};
}

// Number of valid cells in each window, shape [1, 1, outH, outW].
at::Tensor windowCounts(const Pool& p, const at::Tensor& x) {
  at::Tensor ones = at::ones({1, 1, x.size(1), x.size(2)}, x.options());
  return at::avg_pool2d(p.pad(ones, 0), p.kernel(), p.stride(), {0, 0}, false, true, 1);
}

// in: x
Tensors avgPool(const Tensors& in, const Attrs& a) {
  Pool p = pool(a);
  if (p.symmetric())
    return {nhwc(at::avg_pool2d(nchw(in[0]), p.kernel(), p.stride(), {p.pt, p.pl}, false, false, {}))};
  at::Tensor sums = at::avg_pool2d(p.pad(nchw(in[0]), 0), p.kernel(), p.stride(), {0, 0}, false, true, 1);
  return {nhwc(sums / windowCounts(p, in[0]))};
}

// in: dy, x. TF.js's gradient divides by the full window size (padding included), unlike its
// forward pass; we match it.
Tensors avgPoolGrad(const Tensors& in, const Attrs& a) {
  Pool p = pool(a);
  at::Tensor dy = nchw(in[0]), x = nchw(in[1]);
  std::vector<int64_t> pad;
  at::Tensor xp = prepare(p, in[1], 0, pad);
  at::Tensor dx = at::avg_pool2d_backward(dy, xp, p.kernel(), p.stride(), pad, false, true, p.fh * p.fw);
  return {nhwc(p.symmetric() ? dx : p.unpad(dx, x.size(2), x.size(3)))};
}

}  // namespace

const std::vector<KernelRow>& poolKernels() {
  static const std::vector<KernelRow> rows = {
      {"AvgPool", avgPool, 1},
      {"AvgPoolGrad", avgPoolGrad, 2},
      {"MaxPool", maxPool, 1},
      {"MaxPoolGrad", maxPoolGrad, 2},
  };
  return rows;
}

}  // namespace snip_torch
