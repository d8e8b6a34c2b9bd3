// _FusedMatMul for wasm: like BatchMatMul, transpose explicitly so the stock XNNPACK path runs.
// The stock kernel also adds the bias wrongly when the batch is > 1, so batched products with a
// bias run as one 2-D product (when b is shared) or one product per batch entry.
import { _FusedMatMul } from '@tensorflow/tfjs-core';
import type {
  _FusedMatMulAttrs,
  _FusedMatMulInputs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { disposeAll, runStock, transposeLastTwo } from '../kernel_utils.js';

type Run = (a: TensorInfo, b: TensorInfo) => TensorInfo;

/** One product per batch entry of a [B|1, M, K] and b [B, K, N], concatenated. */
function perBatchImpl(backend: KernelBackend, a: TensorInfo, b: TensorInfo, run: Run): TensorInfo {
  const [ba, m, k] = a.shape as [number, number, number];
  const [bb, , n] = b.shape as [number, number, number];
  const outs: TensorInfo[] = [];
  for (let i = 0; i < Math.max(ba, bb); i++) {
    const ai = ba === 1 ? a : runStock('Slice', backend, { x: a }, { begin: [i, 0, 0], size: [1, m, k] });
    const bi = runStock('Slice', backend, { x: b }, { begin: [i, 0, 0], size: [1, k, n] });
    outs.push(run(ai, bi));
    disposeAll(backend, ...(ai === a ? [bi] : [ai, bi]));
  }
  const out = runStock('Concat', backend, outs, { axis: 0 });
  disposeAll(backend, ...outs);
  return out;
}

function fusedMatMul(args: { inputs: _FusedMatMulInputs; backend: KernelBackend; attrs: _FusedMatMulAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const a = inputs.a as TensorInfo;
  const b = inputs.b as TensorInfo;
  const aT = attrs.transposeA ? transposeLastTwo(backend, a) : a;
  const bT = attrs.transposeB ? transposeLastTwo(backend, b) : b;
  const plain = { ...attrs, transposeA: false, transposeB: false };
  const run: Run = (x, y) => runStock(_FusedMatMul, backend, { ...inputs, a: x, b: y }, plain);
  const [ba, m, k] = aT.shape as [number, number, number];
  const [bb, , n] = bT.shape as [number, number, number];
  let out: TensorInfo;
  if (inputs.bias === undefined || Math.max(ba, bb) === 1) {
    out = run(aT, bT);
  } else if (bb === 1) {
    const a2 = runStock('Reshape', backend, { x: aT }, { shape: [1, ba * m, k] });
    const o2 = run(a2, bT);
    out = runStock('Reshape', backend, { x: o2 }, { shape: [ba, m, n] });
    disposeAll(backend, a2, o2);
  } else {
    out = perBatchImpl(backend, aT, bT, run);
  }
  if (aT !== a) disposeAll(backend, aT);
  if (bT !== b) disposeAll(backend, bT);
  return out;
}

export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'wasm',
  kernelFunc: fusedMatMul as unknown as KernelFunc,
};
