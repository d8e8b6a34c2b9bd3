// Conv2D, FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter over NHWC tensors and HWIO
// filters. Asymmetric (TF 'same') padding is applied explicitly; symmetric goes to ATen.
#include "../kernels.h"

namespace snip_torch {
namespace {

// strideH, strideW, dilationH, dilationW, padTop, padBottom, padLeft, padRight
struct Geom {
  int64_t sh, sw, dh, dw, pt, pb, pl, pr;
  bool symmetric() const { return pt == pb && pl == pr; }
};

Geom geom(const Attrs& a, int k) {
  return {a.i(k), a.i(k + 1), a.i(k + 2), a.i(k + 3), a.i(k + 4), a.i(k + 5), a.i(k + 6), a.i(k + 7)};
}

at::Tensor nchw(const at::Tensor& x) { return x.permute({0, 3, 1, 2}); }
at::Tensor nhwc(const at::Tensor& x) { return x.permute({0, 2, 3, 1}); }
// HWIO -> OIHW, stored channels-last like the activations.
at::Tensor oihw(const at::Tensor& w) { return w.permute({3, 2, 0, 1}).contiguous(at::MemoryFormat::ChannelsLast); }

// NCHW input padded for an asymmetric geometry (and the padding left for ATen).
at::Tensor padded(const at::Tensor& x, const Geom& g, std::vector<int64_t>& pad) {
  if (g.symmetric()) {
    pad = {g.pt, g.pl};
    return x;
  }
  pad = {0, 0};
  return at::constant_pad_nd(x, {g.pl, g.pr, g.pt, g.pb}, 0);
}

at::Tensor conv(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias, const Geom& g) {
  std::vector<int64_t> pad;
  at::Tensor xin = padded(nchw(x), g, pad);
  return nhwc(at::conv2d(xin, oihw(w), bias, {g.sh, g.sw}, pad, {g.dh, g.dw}, 1));
}

// in: x, filter; attrs: geom
Tensors conv2D(const Tensors& in, const Attrs& a) { return {conv(in[0], in[1], at::Tensor(), geom(a, 0))}; }

// in: x, filter, [bias], [preluWeights]; attrs: geom, activation, leakyAlpha, hasBias, hasPrelu
Tensors fusedConv2D(const Tensors& in, const Attrs& a) {
  bool hasBias = a.i(10) != 0, hasPrelu = a.i(11) != 0;
  at::Tensor bias = hasBias ? in[2] : at::Tensor();
  at::Tensor prelu = hasPrelu ? in[hasBias ? 3 : 2] : at::Tensor();
  bool channelBias = hasBias && bias.dim() == 1 && bias.size(0) == in[1].size(3);
  at::Tensor y = conv(in[0], in[1], channelBias ? bias : at::Tensor(), geom(a, 0));
  if (hasBias && !channelBias) y = y + bias;
  return {applyActivation(y, a.i(8), a[9], prelu)};
}

// in: dy, filter; attrs: N, H, W, C of the input, geom
Tensors conv2DBackpropInput(const Tensors& in, const Attrs& a) {
  Geom g = geom(a, 4);
  int64_t n = a.i(0), h = a.i(1), w = a.i(2), c = a.i(3);
  bool sym = g.symmetric();
  int64_t hp = sym ? h : h + g.pt + g.pb, wp = sym ? w : w + g.pl + g.pr;
  std::vector<int64_t> pad = sym ? std::vector<int64_t>{g.pt, g.pl} : std::vector<int64_t>{0, 0};
  at::Tensor shape = at::empty({n, c, hp, wp}, in[0].options().memory_format(at::MemoryFormat::ChannelsLast));
  auto grads = at::convolution_backward(nchw(in[0]), shape, oihw(in[1]), at::OptionalIntArrayRef{}, {g.sh, g.sw}, pad,
                                        {g.dh, g.dw}, false, {0, 0}, 1, {true, false, false});
  at::Tensor dx = std::get<0>(grads);
  if (!sym) dx = dx.narrow(2, g.pt, h).narrow(3, g.pl, w);
  return {nhwc(dx)};
}

// in: x, dy; attrs: filterHeight, filterWidth, inChannels, outChannels, geom
Tensors conv2DBackpropFilter(const Tensors& in, const Attrs& a) {
  Geom g = geom(a, 4);
  std::vector<int64_t> pad;
  at::Tensor x = padded(nchw(in[0]), g, pad);
  at::Tensor shape = at::empty({a.i(3), a.i(2), a.i(0), a.i(1)}, in[0].options().memory_format(at::MemoryFormat::ChannelsLast));
  auto grads = at::convolution_backward(nchw(in[1]), x, shape, at::OptionalIntArrayRef{}, {g.sh, g.sw}, pad,
                                        {g.dh, g.dw}, false, {0, 0}, 1, {false, true, false});
  return {std::get<1>(grads).permute({2, 3, 1, 0})};  // OIHW -> HWIO
}

}  // namespace

const std::vector<KernelRow>& convKernels() {
  static const std::vector<KernelRow> rows = {
      {"Conv2D", conv2D, 2},
      {"Conv2DBackpropFilter", conv2DBackpropFilter, 2},
      {"Conv2DBackpropInput", conv2DBackpropInput, 2},
      {"FusedConv2D", fusedConv2D, 2},
  };
  return rows;
}

}  // namespace snip_torch
