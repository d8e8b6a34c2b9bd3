#include "im2col.h"

#include <algorithm>
#include <cstring>

namespace snip {

void im2col(const float* image, const ConvGeometry& g, long q0, long q1, float* col) {
  const long C = g.inC;
  for (long q = q0; q < q1; ++q) {
    const long oh = q / g.outW, ow = q % g.outW;
    float* row = col + (q - q0) * g.patch();
    for (long kh = 0; kh < g.fH; ++kh) {
      const long ih = oh * g.strideH - g.padTop + kh * g.dilH;
      for (long kw = 0; kw < g.fW; ++kw, row += C) {
        const long iw = ow * g.strideW - g.padLeft + kw * g.dilW;
        if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW)
          std::memset(row, 0, C * sizeof(float));
        else
          std::memcpy(row, image + (ih * g.inW + iw) * C, C * sizeof(float));
      }
    }
  }
}

void col2imAdd(const float* col, const ConvGeometry& g, long q0, long q1, float* image) {
  const long C = g.inC;
  for (long q = q0; q < q1; ++q) {
    const long oh = q / g.outW, ow = q % g.outW;
    const float* row = col + (q - q0) * g.patch();
    for (long kh = 0; kh < g.fH; ++kh) {
      const long ih = oh * g.strideH - g.padTop + kh * g.dilH;
      for (long kw = 0; kw < g.fW; ++kw, row += C) {
        const long iw = ow * g.strideW - g.padLeft + kw * g.dilW;
        if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
        float* dst = image + (ih * g.inW + iw) * C;
        for (long c = 0; c < C; ++c) dst[c] += row[c];
      }
    }
  }
}

bool isPointwise(const ConvGeometry& g) {
  return g.fH == 1 && g.fW == 1 && g.strideH == 1 && g.strideW == 1 && g.padTop == 0 && g.padLeft == 0 &&
         g.outH == g.inH && g.outW == g.inW;
}

long chunkRows(const ConvGeometry& g, long bytes) {
  const long rows = bytes / (g.patch() * long(sizeof(float)));
  return std::clamp(rows, 16L, std::max(1L, g.outPixels()));
}

}  // namespace snip
