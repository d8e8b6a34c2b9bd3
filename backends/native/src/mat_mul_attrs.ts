// Shapes for csrc/kernels/batch_mat_mul.cc: batch dims broadcast only from a batch of 1.
import { backend_util, util, type TensorInfo } from '@tensorflow/tfjs-core';

export interface MatMulPlan {
  outShape: number[];
  /** batch, batchA, batchB, m, n, k, transA, transB */
  attrs: number[];
}

/** undefined when the batch dimensions need a general broadcast (left to the cpu kernel). */
export function planMatMul(a: TensorInfo, b: TensorInfo, transA: boolean, transB: boolean): MatMulPlan | undefined {
  const ra = a.shape.length, rb = b.shape.length;
  if (ra < 2 || rb < 2) return undefined;
  const m = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = util.sizeFromShape(outerA), batchB = util.sizeFromShape(outerB);
  const outerShape = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = util.sizeFromShape(outerShape);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  return { outShape: [...outerShape, m, n], attrs: [batch, batchA, batchB, m, n, k, transA ? 1 : 0, transB ? 1 : 0] };
}
