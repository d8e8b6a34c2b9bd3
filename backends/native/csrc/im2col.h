// Patch matrices for NHWC convolution: row q of image n holds the fH×fW×inC input
// window under output pixel q, in HWIO filter order, zeros where it hangs over the edge.
#pragma once
#include "conv_geometry.h"

namespace snip {

// col[(q - q0) * patch + ...] for output pixels q in [q0, q1) of one image.
void im2col(const float* image, const ConvGeometry& g, long q0, long q1, float* col);

// The adjoint: image += the patches of pixels [q0, q1) scattered back (overlaps add up).
void col2imAdd(const float* col, const ConvGeometry& g, long q0, long q1, float* image);

// True for 1×1 filters at stride 1 without padding, where the patch matrix is the input.
bool isPointwise(const ConvGeometry& g);

// Output pixels per chunk so a chunk's patch matrix stays near `bytes`.
long chunkRows(const ConvGeometry& g, long bytes);

}  // namespace snip
