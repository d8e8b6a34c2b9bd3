// Masked convolution straight from a planar copy of each image, for stride 1: the kept taps of an
// output channel each add w · (a shifted window of one input plane) to that channel's output rows,
// 8 pixels of a row per vector, so no patch matrix is built (for LeNet-5's conv2 at 8% density,
// building it cost more than the products).
#pragma once
#include "conv_geometry.h"
#include "sparse_pattern.h"

namespace snip {

// Stride and dilation 1, and an AVX2 machine: otherwise false and nothing is written. `pool`: y is
// the 2×2 stride-2 max pool of the result (g.pool2x2()).
bool maskedConv2dDirect(const float* x, const float* w, const float* bias, int act, const SparsePattern& p, float* y,
                        const ConvGeometry& g, bool pool = false);

}  // namespace snip
