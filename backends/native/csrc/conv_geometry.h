// NHWC convolution / pooling geometry, in the attribute order the TS side writes
// (backends/native/src/conv_attrs.ts): batch, inH, inW, inC, outH, outW, outC,
// fH, fW, strideH, strideW, dilationH, dilationW, padTop, padLeft.
#pragma once
#include "kernel_call.h"

namespace snip {

struct ConvGeometry {
  long batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilH, dilW, padTop, padLeft;

  static constexpr int kNumAttrs = 15;
  static ConvGeometry fromAttrs(const KernelCall& c, int first = 0) {
    return {c.attr(first + 0),  c.attr(first + 1),  c.attr(first + 2),  c.attr(first + 3),  c.attr(first + 4),
            c.attr(first + 5),  c.attr(first + 6),  c.attr(first + 7),  c.attr(first + 8),  c.attr(first + 9),
            c.attr(first + 10), c.attr(first + 11), c.attr(first + 12), c.attr(first + 13), c.attr(first + 14)};
  }
  long patch() const { return fH * fW * inC; }  // one im2col row
  long inImage() const { return inH * inW * inC; }
  long outPixels() const { return outH * outW; }

  // The 2×2, stride-2, unpadded max pool over this convolution's output.
  ConvGeometry pool2x2() const { return {batch, outH, outW, outC, outH / 2, outW / 2, outC, 2, 2, 2, 2, 1, 1, 0, 0}; }

  // Calls f(pixel) with ih * inW + iw for every in-bounds tap of the window at output (oh, ow):
  // the walk every pooling kernel makes.
  template <class F>
  void forEachTap(long oh, long ow, F&& f) const {
    for (long kh = 0; kh < fH; ++kh) {
      const long ih = oh * strideH - padTop + kh * dilH;
      if (ih < 0 || ih >= inH) continue;
      for (long kw = 0; kw < fW; ++kw) {
        const long iw = ow * strideW - padLeft + kw * dilW;
        if (iw >= 0 && iw < inW) f(ih * inW + iw);
      }
    }
  }
};

}  // namespace snip
