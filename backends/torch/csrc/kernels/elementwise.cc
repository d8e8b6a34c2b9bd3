// Elementwise kernels: unary (one input, maybe scalar attrs) and binary (two inputs, with
// NumPy broadcasting, which TF.js shares).
#include "../kernels.h"

namespace snip_torch {
namespace {

#define UNARY(NAME, EXPR) {NAME, [](const Tensors& in, const Attrs& a) -> Tensors { const at::Tensor& x = in[0]; (void)a; return {EXPR}; }, 1}
#define BINARY(NAME, EXPR) {NAME, [](const Tensors& in, const Attrs&) -> Tensors { const at::Tensor &x = in[0], &y = in[1]; return {EXPR}; }, 2}

// Functions of float tensors: integer inputs compute in float32, as TF.js's cpu kernels do.
at::Tensor f(const at::Tensor& x) { return x.is_floating_point() ? x : x.to(at::kFloat); }

// TF.js step: x > 0 ? 1 : alpha, NaN stays NaN.
at::Tensor step(const at::Tensor& x, double alpha) {
  at::Tensor s = at::where(x > 0, at::ones_like(x), at::full_like(x, alpha));
  return x.is_floating_point() ? at::where(at::isnan(x), x, s) : s;
}

}  // namespace

const std::vector<KernelRow>& unaryKernels() {
  static const std::vector<KernelRow> rows = {
      UNARY("Abs", at::abs(x)),
      UNARY("Acos", at::acos(f(x))),
      UNARY("Acosh", at::acosh(f(x))),
      UNARY("Asin", at::asin(f(x))),
      UNARY("Asinh", at::asinh(f(x))),
      UNARY("Atan", at::atan(f(x))),
      UNARY("Atanh", at::atanh(f(x))),
      UNARY("Ceil", at::ceil(x)),
      UNARY("ClipByValue", at::clamp(x, a[0], a[1])),  // attrs: min, max
      UNARY("Cos", at::cos(f(x))),
      UNARY("Cosh", at::cosh(f(x))),
      UNARY("Elu", at::elu(f(x))),
      UNARY("Erf", at::erf(f(x))),
      UNARY("Exp", at::exp(f(x))),
      UNARY("Expm1", at::expm1(f(x))),
      UNARY("Floor", at::floor(x)),
      UNARY("IsFinite", at::isfinite(x)),
      UNARY("IsInf", at::isinf(x)),
      UNARY("IsNan", at::isnan(x)),
      UNARY("LeakyRelu", at::leaky_relu(f(x), a[0])),  // attrs: alpha
      UNARY("Log", at::log(f(x))),
      UNARY("Log1p", at::log1p(f(x))),
      UNARY("LogicalNot", at::logical_not(x)),
      UNARY("Neg", at::neg(x)),
      UNARY("Reciprocal", at::reciprocal(f(x))),
      UNARY("Relu", at::relu(x)),
      UNARY("Relu6", at::clamp(x, 0, 6)),
      UNARY("Round", at::round(x)),
      UNARY("Rsqrt", at::rsqrt(f(x))),
      UNARY("Selu", at::selu(f(x))),
      UNARY("Sigmoid", at::sigmoid(f(x))),
      UNARY("Sign", at::sign(x)),
      UNARY("Sin", at::sin(f(x))),
      UNARY("Sinh", at::sinh(f(x))),
      UNARY("Softplus", at::softplus(f(x))),
      UNARY("Sqrt", at::sqrt(f(x))),
      UNARY("Square", x * x),
      UNARY("Step", step(x, a[0])),  // attrs: alpha
      UNARY("Tan", at::tan(f(x))),
      UNARY("Tanh", at::tanh(f(x))),
  };
  return rows;
}

const std::vector<KernelRow>& binaryKernels() {
  static const std::vector<KernelRow> rows = {
      BINARY("Add", at::add(x, y)),
      BINARY("Atan2", at::atan2(f(x), f(y))),
      BINARY("EluGrad", at::where(y < 0, x * (y + 1), x)),  // dy, y
      BINARY("Equal", at::eq(x, y)),
      BINARY("FloorDiv", at::div(x, y, "floor")),
      BINARY("Greater", at::gt(x, y)),
      BINARY("GreaterEqual", at::ge(x, y)),
      BINARY("Less", at::lt(x, y)),
      BINARY("LessEqual", at::le(x, y)),
      BINARY("LogicalAnd", at::logical_and(x, y)),
      BINARY("LogicalOr", at::logical_or(x, y)),
      BINARY("Maximum", at::maximum(x, y)),
      BINARY("Minimum", at::minimum(x, y)),
      BINARY("Mod", at::remainder(x, y)),
      BINARY("Multiply", at::mul(x, y)),
      BINARY("NotEqual", at::ne(x, y)),
      BINARY("Pow", at::pow(x, y)),
      BINARY("Prelu", at::where(x > 0, x, x * y)),
      BINARY("RealDiv", at::div(f(x), f(y))),
      BINARY("SnipReluGrad", at::threshold_backward(x, y, 0)),  // dy, x: Relu's gradient in one pass
      BINARY("SquaredDifference", at::square(x - y)),
      BINARY("Sub", at::sub(x, y)),
  };
  return rows;
}

}  // namespace snip_torch
