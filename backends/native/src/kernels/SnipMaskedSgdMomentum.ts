import type { DataId, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';

// The fused update the training loop's MaskedSgd uses when a backend registers it (src/sparse/kernel_names.ts).
export const SNIP_MASKED_SGD_MOMENTUM = 'SnipMaskedSgdMomentum';

type Inputs = { w: TensorInfo; v: TensorInfo; g: TensorInfo; mask?: TensorInfo | null };
/** inPlace: the caller assigns the outputs to the variables w and v at once (MaskedSgd does). */
type Attrs = { lr: number; momentum: number; weightDecay: number; inPlace?: boolean };

// Up to this many updated values the update runs in place in JS; above, the addon's threads win.
const IN_PLACE_MAX = 1 << 16;

/** The kept positions of each mask (masks are fixed for a whole training run). */
const keptOf = new WeakMap<DataId, Int32Array>();
/** Weights and momenta known to be zero wherever the mask (the value) is, so those stay untouched. */
const zeroOutside = new WeakMap<DataId, DataId>();

function keptIndices(backend: NativeBackend, mask: TensorInfo): Int32Array {
  let kept = keptOf.get(mask.dataId);
  if (kept === undefined) {
    const m = float32Values(backend, mask);
    const idx: number[] = [];
    for (let i = 0; i < m.length; i++) if (m[i] !== 0) idx.push(i);
    kept = Int32Array.from(idx);
    keptOf.set(mask.dataId, kept);
  }
  return kept;
}

/** Whether `values` is zero outside `kept` (checked once per tensor and mask, then remembered). */
function prunedAreZero(t: TensorInfo, values: Float32Array, mask: TensorInfo, kept: Int32Array): boolean {
  if (zeroOutside.get(t.dataId) === mask.dataId) return true;
  for (let i = 0, k = 0; i < values.length; i++) {
    if (k < kept.length && kept[k] === i) k++;
    else if (values[i] !== 0) return false;
  }
  zeroOutside.set(t.dataId, mask.dataId);
  return true;
}

/**
 * The update written into w and v themselves, at the kept positions only. Only where the caller
 * assigns the results to w and v at once (attrs.inPlace), nothing else can see their values
 * (NativeBackend.heldAlone: no other tensor, never read out) and the pruned positions are zero
 * already (MaskedSgd's invariant): at 98% sparsity, 50× fewer values than the full pass and no
 * new arrays. Float32 rounding after every operation, as MaskedSgd's op-by-op update rounds.
 */
function updateInPlace(backend: NativeBackend, { w, v, g, mask }: Inputs, attrs: Attrs): TensorInfo[] | undefined {
  if (attrs.inPlace !== true || w.dataId === v.dataId || !backend.heldAlone(w.dataId) || !backend.heldAlone(v.dataId)) return undefined;
  const W = backend.data.get(w.dataId).values, V = backend.data.get(v.dataId).values;
  if (!(W instanceof Float32Array) || !(V instanceof Float32Array)) return undefined;
  const kept = mask == null ? undefined : keptIndices(backend, mask);
  if ((kept?.length ?? W.length) > IN_PLACE_MAX) return undefined;
  if (kept && mask && !(prunedAreZero(w, W, mask, kept) && prunedAreZero(v, V, mask, kept))) return undefined;
  const G = float32Values(backend, g);
  const f = Math.fround;
  const lr = f(attrs.lr), mu = f(attrs.momentum), wd = f(attrs.weightDecay);
  const step = (i: number) => {
    const vNew = f(f(mu * V[i]!) + f(G[i]! + f(wd * W[i]!)));
    V[i] = vNew;
    W[i] = f(W[i]! - f(lr * vNew));
  };
  if (kept) for (let k = 0; k < kept.length; k++) step(kept[k]!);
  else for (let i = 0; i < W.length; i++) step(i);
  backend.incRef(w.dataId);
  backend.incRef(v.dataId);
  return [{ ...w }, { ...v }];
}

// v' = (μ·v + g + λ·w)·mask;  w' = (w − η·v')·mask  →  [w', v']
function snipMaskedSgdMomentum({ inputs, backend, attrs }: KernelArgs<Inputs, Attrs>): TensorInfo[] {
  const { w, v, g, mask } = inputs;
  requireFloat32(SNIP_MASKED_SGD_MOMENTUM, w, v, g);
  const inPlace = updateInPlace(backend, inputs, attrs);
  if (inPlace) return inPlace;
  const ins = [w, v, g, ...(mask == null ? [] : [mask])].map((t) => float32Values(backend, t));
  return backend.runNativeArrays(SNIP_MASKED_SGD_MOMENTUM, ins, [w.shape, w.shape], [attrs.lr, attrs.momentum, attrs.weightDecay]);
}

export const snipMaskedSgdMomentumConfig: KernelConfig = { kernelName: SNIP_MASKED_SGD_MOMENTUM, backendName: BACKEND_NAME, kernelFunc: snipMaskedSgdMomentum as unknown as KernelFunc };
