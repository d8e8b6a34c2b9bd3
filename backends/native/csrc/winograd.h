// Winograd F(2×2, 3×3) convolution (Lavin & Gray 2016): Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A per 2×2
// output tile, the ⊙ summed over input channels as 16 GEMMs. 2.25× fewer multiplies than im2col.
#pragma once
#include "activation.h"
#include "conv_geometry.h"

namespace snip {

// 3×3, stride 1, dilation 1, channels in multiples of 4 (and enough of them to pay off).
bool winogradApplies(const ConvGeometry& g);

// y = act(conv(x, w) + bias) with w in HWIO order. `flipped`: use w rotated by 180° with its
// in/out channels swapped (w is then [3][3][outC][inC]), which turns this into Conv2DBackpropInput.
void conv2dWinograd(const float* x, const float* w, bool flipped, const float* bias, float* y, const ConvGeometry& g,
                    Activation act, float alpha);

// Conv2DBackpropFilter by F(3×3, 2×2): each 2×2 tile of dy against its 4×4 input patch.
void conv2dBackpropFilterWinograd(const float* x, const float* dy, float* dw, const ConvGeometry& g);

}  // namespace snip
