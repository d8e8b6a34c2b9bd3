// Every native kernel: a pure function over buffers, and its runner for binding.cc's table.
#pragma once
#include "activation.h"
#include "conv_geometry.h"
#include "kernel_call.h"

namespace snip {

struct BroadcastShape;
struct SparsePattern;

struct MatMulShape {
  int batch, batchA, batchB, m, n, k;
  bool transA, transB;
};

void avgPool(const float* x, float* y, const ConvGeometry& g);
void avgPoolGrad(const float* dy, float* dx, const ConvGeometry& g);
void batchMatMul(const float* a, const float* b, const float* bias, float* out, const MatMulShape& s, Activation act,
                 float alpha);
void conv2d(const float* x, const float* w, const float* bias, float* y, const ConvGeometry& g, Activation act,
            float alpha);
void conv2dBackpropFilter(const float* x, const float* dy, float* dw, const ConvGeometry& g);
void conv2dBackpropInput(const float* dy, const float* w, float* dx, const ConvGeometry& g);
bool isDisjoint2x2(const ConvGeometry& g);  // a 2×2 pool with stride 2 and no padding
void maxPool(const float* x, float* y, const ConvGeometry& g);
// The 2×2 window max as maxPool takes it (left before right, top pair before bottom pair).
inline float max2x2(float t0, float t1, float b0, float b1) {
  const float a = t0 > t1 ? t0 : t1, b = b0 > b1 ? b0 : b1;
  return a > b ? a : b;
}
// conv2d, then the 2×2 stride-2 max pool over its output (g.pool2x2()), into y; the direct first-
// layer kernel pools two rows at a time and never writes the convolution out.
void conv2dMaxPool2x2(const float* x, const float* w, const float* bias, float* y, const ConvGeometry& g,
                      Activation act, float alpha);
void maskedConv2dMaxPool2x2(const float* x, const float* w, const float* bias, int act, const SparsePattern& p,
                            float* y, const ConvGeometry& g);
void maxPoolGrad(const float* dy, const float* x, const float* y, float* dx, const ConvGeometry& g);
void maskedConv2d(const float* x, const float* w, const float* bias, int act, const SparsePattern& p, float* y,
                  const ConvGeometry& g);
void maskedConv2dGradFilter(const float* x, const float* dy, const SparsePattern& p, float* dw, const ConvGeometry& g);
void maskedConv2dGradInput(const float* dy, const float* w, const SparsePattern& p, float* dx, const ConvGeometry& g);
// xTIn: x transposed, if at hand (else transposed here); yTOut: where to also leave y transposed, or null.
void maskedMatMul(const float* x, const float* w, const float* bias, int act, const SparsePattern& p, float* y, long M,
                  const float* xTIn = nullptr, float* yTOut = nullptr);
void maskedMatMulGradFilter(const float* x, const float* dy, const SparsePattern& p, float* dw, long M,
                            const float* xTIn = nullptr, bool dwZeroOutside = false);
void maskedMatMulGradInput(const float* dy, const float* w, const SparsePattern& p, float* dx, long M);
// y = offset + (x − mean)·scale / √(variance + ε) over rows × C; each parameter per channel or one
// value (sizes[k] = C or 1): mean, variance, offset (null: 0), scale (null: 1).
void fusedBatchNorm(const float* x, const float* mean, const float* var, const float* offset, const float* scale,
                    float* y, long rows, long C, const long sizes[4], float eps);
void maskedSgdMomentum(const float* w, const float* v, const float* g, const float* mask, float* wOut, float* vOut,
                       long size, float lr, float momentum, float weightDecay);
void sumLeading(const float* x, float* y, long rows, long cols);
void sumTrailing(const float* x, float* y, long rows, long cols);

const char* runAdd(const KernelCall& c);
const char* runAvgPool(const KernelCall& c);
const char* runAvgPoolGrad(const KernelCall& c);
const char* runBatchMatMul(const KernelCall& c);
const char* runConv2D(const KernelCall& c);
const char* runConv2DBackpropFilter(const KernelCall& c);
const char* runConv2DBackpropInput(const KernelCall& c);
const char* runFusedBatchNorm(const KernelCall& c);
const char* runMaxPool(const KernelCall& c);
const char* runMean(const KernelCall& c);
const char* runMaxPoolGrad(const KernelCall& c);
const char* runMultiply(const KernelCall& c);
const char* runRealDiv(const KernelCall& c);
const char* runRelu(const KernelCall& c);
const char* runStep(const KernelCall& c);
const char* runSnipMaskedConv2D(const KernelCall& c);
const char* runSnipMaskedConv2DGradFilter(const KernelCall& c);
const char* runSnipMaskedConv2DGradInput(const KernelCall& c);
const char* runSnipMaskedMatMul(const KernelCall& c);
const char* runSnipMaskedMatMulGradFilter(const KernelCall& c);
const char* runSnipMaskedMatMulGradInput(const KernelCall& c);
const char* runSnipMaskedSgdMomentum(const KernelCall& c);
const char* runSnipMaskedSgdMomentumKept(const KernelCall& c);
const char* runSnipReluBiasGrad(const KernelCall& c);
const char* runSnipBatchNormTraining(const KernelCall& c);
const char* runSnipBatchNormTrainingGrad(const KernelCall& c);
const char* runSnipReluGrad(const KernelCall& c);
const char* runSub(const KernelCall& c);
const char* runSquare(const KernelCall& c);
const char* runSum(const KernelCall& c);
const char* runTile(const KernelCall& c);

}  // namespace snip
