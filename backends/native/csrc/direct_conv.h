// Convolutions with few taps and few output channels and no padding (LeNet-5's first layer:
// 5×5×1 taps, 20 channels), computed directly from the image: no patch matrix, output channels
// 24 at a time in registers (the packed GEMM's tiles would be mostly padding at K = 25, N = 20).
#pragma once
#include "conv_geometry.h"

namespace snip {

// True when direct convolution applies: taps ≤ 128, channels ≤ 64, no padding.
bool directConvApplies(const ConvGeometry& g);

// y[image] = x[image] ⊛ w for images [n0, n1), with bias (if not null) and relu (if asked) fused
// when it returns true; false: y holds the bare convolution (the portable path), epilogue to do.
bool directConv(const float* x, const float* w, const float* bias, bool relu, float* y, const ConvGeometry& g, long n0,
                long n1);

// Whether directConvMaxPool2x2 runs here (an AVX2 machine).
bool directConvPoolable();

// y[image] = the 2×2 stride-2 max pool of act(x[image] ⊛ w + bias), act linear or relu, for images
// [n0, n1): two convolution rows at a time into `rows` (2·outW·outC floats), pooled from there.
void directConvMaxPool2x2(const float* x, const float* w, const float* bias, bool relu, float* y, const ConvGeometry& g,
                          long n0, long n1);

// dw += Σ over images [n0, n1) of the patches ᵀ · dy.
void directConvFilterGradAdd(const float* x, const float* dy, float* dw, const ConvGeometry& g, long n0, long n1);

}  // namespace snip
