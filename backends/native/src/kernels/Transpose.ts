import { Transpose, type KernelConfig, type KernelFunc, type TensorInfo, type TransposeAttrs, type TransposeInputs } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

const MAX_RANK = 4;

// Permutes axes with strided loops over the output (rank ≤ 4; e.g. an RNN's [batch, time,
// features] → [time, batch, features]); the cpu kernel computes every index through a buffer.
function transpose(args: KernelArgs<Present<TransposeInputs>, TransposeAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs: { perm } } = args;
  if (!allFloat32(backend, x) || x.shape.length > MAX_RANK) return cpuFallback(Transpose, args);
  const pad = MAX_RANK - x.shape.length;
  // Input strides, then output dims/strides padded to rank 4 with leading unit axes.
  const inStrides = new Array<number>(x.shape.length);
  for (let i = x.shape.length - 1, s = 1; i >= 0; --i) { inStrides[i] = s; s *= x.shape[i]; }
  const outShape = perm.map((p) => x.shape[p]);
  const dims = [...new Array<number>(pad).fill(1), ...outShape];
  const strides = [...new Array<number>(pad).fill(0), ...perm.map((p) => inStrides[p])];
  const src = backend.floats(x);
  return backend.makeFloat32('Transpose', outShape, (out) => {
    const [d0, d1, d2, d3] = dims;
    const [s0, s1, s2, s3] = strides;
    let k = 0;
    for (let a = 0; a < d0; ++a) {
      for (let b = 0; b < d1; ++b) {
        for (let c = 0; c < d2; ++c) {
          const base = a * s0 + b * s1 + c * s2;
          for (let d = 0; d < d3; ++d) out[k++] = src[base + d * s3];
        }
      }
    }
  });
}

export const transposeConfig: KernelConfig = { kernelName: Transpose, backendName: BACKEND_NAME, kernelFunc: transpose as unknown as KernelFunc };
