// Fused activations of _FusedMatMul / FusedConv2D, applied with an optional bias.
#pragma once

namespace snip {

// Ids shared with backends/native/src/fused_attrs.ts.
enum class Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kElu = 3, kSigmoid = 4, kLeakyRelu = 5 };

// rows × cols block with row stride ld: x = act(x + bias[col]) (bias may be null).
void biasActivate(float* x, long rows, long cols, long ld, const float* bias, Activation act, float alpha);

}  // namespace snip
