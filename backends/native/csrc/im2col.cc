#include "im2col.h"

#include <algorithm>
#include <cstring>

namespace snip {

// Copies n floats; a plain loop, since n is often tiny (a call to memcpy would dominate).
inline void copyFloats(float* dst, const float* src, long n) {
  if (n >= 32) return void(std::memcpy(dst, src, n * sizeof(float)));
  for (long i = 0; i < n; ++i) dst[i] = src[i];
}

inline void zeroFloats(float* dst, long n) {
  for (long i = 0; i < n; ++i) dst[i] = 0.0f;
}

void im2col(const float* image, const ConvGeometry& g, long q0, long q1, float* col) {
  const long C = g.inC, span = g.fW * C;
  for (long q = q0; q < q1; ++q) {
    const long oh = q / g.outW, ow = q % g.outW;
    const long iw0 = ow * g.strideW - g.padLeft;
    const bool rowInside = g.dilW == 1 && iw0 >= 0 && iw0 + g.fW <= g.inW;
    float* row = col + (q - q0) * g.patch();
    for (long kh = 0; kh < g.fH; ++kh, row += span) {
      const long ih = oh * g.strideH - g.padTop + kh * g.dilH;
      if (ih < 0 || ih >= g.inH) {
        zeroFloats(row, span);
      } else if (rowInside) {  // the window's row is contiguous in NHWC
        copyFloats(row, image + (ih * g.inW + iw0) * C, span);
      } else {
        for (long kw = 0; kw < g.fW; ++kw) {
          const long iw = iw0 + kw * g.dilW;
          if (iw < 0 || iw >= g.inW)
            zeroFloats(row + kw * C, C);
          else
            copyFloats(row + kw * C, image + (ih * g.inW + iw) * C, C);
        }
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
