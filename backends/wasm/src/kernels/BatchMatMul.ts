// BatchMatMul for wasm: the stock kernel's transposed paths run a naive loop (~13x slower than
// its XNNPACK path), so transpose the operand explicitly and take the fast path.
import { BatchMatMul } from '@tensorflow/tfjs-core';
import type {
  BatchMatMulAttrs,
  BatchMatMulInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { disposeAll, runStock, transposeLastTwo } from '../kernel_utils.js';

function batchMatMul(args: {
  inputs: BatchMatMulInputs;
  backend: KernelBackend;
  attrs: BatchMatMulAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const aT = attrs.transposeA ? transposeLastTwo(backend, a) : a;
  const bT = attrs.transposeB ? transposeLastTwo(backend, b) : b;
  const out = runStock(BatchMatMul, backend, { a: aT, b: bT }, { transposeA: false, transposeB: false });
  if (aT !== a) disposeAll(backend, aT);
  if (bT !== b) disposeAll(backend, bT);
  return out;
}

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'wasm',
  kernelFunc: batchMatMul as unknown as KernelFunc,
};
