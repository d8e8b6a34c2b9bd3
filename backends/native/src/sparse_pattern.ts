// The compiled sparsity pattern of a K×N mask (csrc/sparse_pattern.h layout), cached per mask
// tensor: SNIP masks are fixed for a whole run, so each is compiled once, O(K·N), and every
// later call costs O(nnz). A mask whose data changes gets a new dataId, hence a new pattern.
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';

import type { NativeBackend } from './backend_native.js';

const cache = new WeakMap<DataId, Float32Array>();

/** [K, N, nnz, colPtr[N+1], colRows[nnz], rowPtr[K+1], rowCols[nnz]] as int32, seen as float32 for the addon. */
export function compilePattern(mask: ArrayLike<number>, K: number, N: number): Float32Array {
  let nnz = 0;
  for (let i = 0; i < K * N; ++i) if (mask[i] !== 0) ++nnz;
  const out = new Int32Array(3 + N + 1 + K + 1 + 2 * nnz);
  out.set([K, N, nnz]);
  const colPtr = out.subarray(3, 3 + N + 1), colRows = out.subarray(4 + N, 4 + N + nnz);
  const rowPtr = out.subarray(4 + N + nnz, 5 + N + nnz + K), rowCols = out.subarray(5 + N + nnz + K);
  for (let k = 0; k < K; ++k) for (let n = 0; n < N; ++n) if (mask[k * N + n] !== 0) ++colPtr[n + 1], ++rowPtr[k + 1];
  for (let n = 0; n < N; ++n) colPtr[n + 1] += colPtr[n];
  for (let k = 0; k < K; ++k) rowPtr[k + 1] += rowPtr[k];
  const fill = colPtr.slice(0, N);
  let q = 0;
  for (let k = 0; k < K; ++k) {
    for (let n = 0; n < N; ++n) {
      if (mask[k * N + n] === 0) continue;
      colRows[fill[n]++] = k; // rows ascend within each column
      rowCols[q++] = n;
    }
  }
  return new Float32Array(out.buffer);
}

/** The pattern of a mask tensor of this backend ([K, N], or HWIO [fH, fW, inC, N] with K = fH·fW·inC), compiled on first use. */
export function patternOf(backend: NativeBackend, mask: TensorInfo): Float32Array {
  const hit = cache.get(mask.dataId);
  if (hit !== undefined) return hit;
  const N = mask.shape[mask.shape.length - 1]!, K = mask.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const values = backend.data.get(mask.dataId).values as ArrayLike<number>;
  backend.escape([mask]);
  const pattern = compilePattern(values, K, N);
  cache.set(mask.dataId, pattern);
  return pattern;
}
