// Attribute access, dtype mapping and the fused activations shared by the kernel families.
#include <stdexcept>

#include "kernels.h"

namespace snip_torch {

double Attrs::operator[](int i) const {
  if (i < 0 || i >= n) throw std::out_of_range("attribute " + std::to_string(i) + " missing (have " + std::to_string(n) + ")");
  return v[i];
}

std::vector<int64_t> Attrs::ints(int from, int count) const {
  std::vector<int64_t> out(count);
  for (int k = 0; k < count; ++k) out[k] = i(from + k);
  return out;
}

at::ScalarType scalarType(int code) {
  switch (code) {
    case kFloat32: return at::kFloat;
    case kInt32: return at::kInt;
    case kBool: return at::kBool;
  }
  throw std::invalid_argument("unknown dtype code " + std::to_string(code));
}

int dtypeCode(at::ScalarType t) {
  switch (t) {
    case at::kFloat: return kFloat32;
    case at::kInt: return kInt32;
    case at::kBool: return kBool;
    default: return -1;
  }
}

at::TensorOptions floatOptions() { return at::TensorOptions().dtype(at::kFloat).device(device()); }

at::Tensor applyActivation(at::Tensor y, int64_t act, double alpha, const at::Tensor& prelu) {
  switch (act) {
    case 0: return y;
    case 1: return at::relu(y);
    case 2: return at::clamp(y, 0, 6);
    case 3: return at::elu(y);
    case 4: return at::sigmoid(y);
    case 5: return at::leaky_relu(y, alpha);
    case 6: return at::where(y > 0, y, y * prelu);
  }
  throw std::invalid_argument("unknown activation " + std::to_string(act));
}

}  // namespace snip_torch
