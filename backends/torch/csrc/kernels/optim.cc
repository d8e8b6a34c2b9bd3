// SnipMaskedSgdMomentum and its multi-tensor form: PyTorch's SGD with momentum and weight decay,
//   v ← μ·v + (g + λ·w);  w ← w − η·v,  each multiplied by the weight's mask when it has one,
// with the same float32 rounding as the op-by-op path in src/train/sgd.ts (every product and
// sum rounded on its own, no fused multiply-add). The multi form runs ATen's _foreach ops,
// which CUDA executes as a few multi-tensor kernels for all parameters at once. The rate is an
// attribute, or (lrInput) a 0-d tensor on the weights' device, the last input: a CUDA graph then
// reads each iteration's rate from memory instead of having it baked in.
#include "../kernels.h"

namespace snip_torch {
namespace {

struct Sgd {
  double lr, momentum, weightDecay;
};

Sgd sgd(const Attrs& a) { return {a[0], a[1], a[2]}; }

// Contiguous copies where needed (conv filter gradients are permuted views): the fused CUDA
// path wants matching dense layouts.
Tensors dense(Tensors ts) {
  for (at::Tensor& t : ts) t = t.contiguous();
  return ts;
}

// η·ts[k] for every k, η a 0-d tensor (a loop: torch 1.13 has no _foreach_mul by a tensor).
Tensors scaledBy(const Tensors& ts, const at::Tensor& rate) {
  Tensors out;
  out.reserve(ts.size());
  for (const at::Tensor& t : ts) out.push_back(t * rate);
  return out;
}

// ts[k] ← ts[k] ⊙ masks[j] for the k with a mask (index list `masked`).
void applyMasks(Tensors& ts, const std::vector<size_t>& masked, const Tensors& masks) {
  if (masked.empty()) return;
  Tensors sub;
  for (size_t k : masked) sub.push_back(ts[k]);
  Tensors out = at::_foreach_mul(sub, masks);
  for (size_t j = 0; j < masked.size(); ++j) ts[masked[j]] = out[j];
}

// in: w×n, v×n, g×n, then a mask per variable whose flag is set, then the rate if lrInput;
// attrs: lr, momentum, weightDecay, n, hasMask×n[, lrInput]. out: newW×n, newV×n.
Tensors maskedSgdMomentumMulti(const Tensors& in, const Attrs& a) {
  Sgd s = sgd(a);
  size_t n = size_t(a.i(3));
  std::vector<size_t> masked;
  for (size_t k = 0; k < n; ++k)
    if (a.i(int(4 + k)) != 0) masked.push_back(k);
  const bool lrInput = a.n > int(4 + n) && a.i(int(4 + n)) != 0;
  const size_t maskEnd = 3 * n + masked.size();
  if (in.size() != maskEnd + (lrInput ? 1 : 0)) throw std::invalid_argument("expected w, v, g per variable, one mask per flag and the rate if lrInput");
  Tensors w = dense(Tensors(in.begin(), in.begin() + n));
  Tensors v = dense(Tensors(in.begin() + n, in.begin() + 2 * n));
  Tensors g = dense(Tensors(in.begin() + 2 * n, in.begin() + 3 * n));
  Tensors masks = dense(Tensors(in.begin() + 3 * n, in.begin() + maskEnd));
  Tensors decayed = s.weightDecay > 0 ? at::_foreach_add(g, at::_foreach_mul(w, s.weightDecay)) : g;
  Tensors newV = at::_foreach_add(at::_foreach_mul(v, s.momentum), decayed);
  applyMasks(newV, masked, masks);
  Tensors newW = at::_foreach_sub(w, lrInput ? scaledBy(newV, in.back()) : at::_foreach_mul(newV, s.lr));
  applyMasks(newW, masked, masks);
  Tensors out = std::move(newW);
  out.insert(out.end(), newV.begin(), newV.end());
  return out;
}

// in: w, v, g, [mask], [rate]; attrs: lr, momentum, weightDecay[, lrInput]. out: newW, newV.
Tensors maskedSgdMomentum(const Tensors& in, const Attrs& a) {
  Sgd s = sgd(a);
  const at::Tensor &w = in[0], &v = in[1], &g = in[2];
  const bool lrInput = a.n > 3 && a.i(3) != 0;
  const bool masked = in.size() > (lrInput ? 4u : 3u);
  at::Tensor decayed = s.weightDecay > 0 ? g + w * s.weightDecay : g;
  at::Tensor newV = v * s.momentum + decayed;
  if (masked) newV = newV * in[3];
  at::Tensor newW = lrInput ? w - newV * in.back() : w - newV * s.lr;
  if (masked) newW = newW * in[3];
  return {newW, newV};
}

}  // namespace

const std::vector<KernelRow>& optimKernels() {
  static const std::vector<KernelRow> rows = {
      {"SnipMaskedSgdMomentum", maskedSgdMomentum, 3},
      {"SnipMaskedSgdMomentumMulti", maskedSgdMomentumMulti, 0},
  };
  return rows;
}

}  // namespace snip_torch
