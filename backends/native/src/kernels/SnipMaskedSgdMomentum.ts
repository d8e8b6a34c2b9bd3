import type { DataId, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from '../backend_native.js';
import { float32Values, requireFloat32, type KernelArgs } from '../kernel_utils.js';

// The fused update the training loop's MaskedSgd uses when a backend registers it (src/sparse/kernel_names.ts).
export const SNIP_MASKED_SGD_MOMENTUM = 'SnipMaskedSgdMomentum';

/** lr: a scalar learning rate that replaces attrs.lr (a compiled step's rate is a tensor). */
type Inputs = { w: TensorInfo; v: TensorInfo; g: TensorInfo; mask?: TensorInfo | null; lr?: TensorInfo | null };
/** inPlace: the caller assigns the outputs to the variables w and v at once (MaskedSgd does). */
type Attrs = { lr: number; momentum: number; weightDecay: number; inPlace?: boolean };

/** The addon's in-place update at a list of kept positions (not a tfjs kernel). */
const SNIP_MASKED_SGD_MOMENTUM_KEPT = 'SnipMaskedSgdMomentumKept';

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

/** Float32 rounding after every operation, as MaskedSgd's op-by-op update rounds. */
function jsUpdate(attrs: Attrs, W: Float32Array, V: Float32Array, G: Float32Array, M: Float32Array | undefined, wOut: Float32Array, vOut: Float32Array, at: (k: number) => number, count: number): void {
  const f = Math.fround;
  const lr = f(attrs.lr), mu = f(attrs.momentum), wd = f(attrs.weightDecay);
  for (let k = 0; k < count; k++) {
    const i = at(k), m = M === undefined ? 1 : M[i]!;
    const vNew = f(f(f(mu * V[i]!) + f(G[i]! + f(wd * W[i]!))) * m);
    vOut[i] = vNew;
    wOut[i] = f(f(W[i]! - f(lr * vNew)) * m);
  }
}

// Up to this many values an update runs in JS: below it the addon call costs more than the loop.
const JS_MAX = 4096;
// Kept positions are scattered (a cache miss each): from this many on, the addon's prefetching loop wins.
const JS_MAX_KEPT = 256;

/**
 * The update written into w and v themselves, at the kept positions only. Only where the caller
 * assigns the results to w and v at once (attrs.inPlace), nothing else can see their values
 * (NativeBackend.heldAlone: no other tensor, never read out) and the pruned positions are zero
 * already (MaskedSgd's invariant): at 98% sparsity, 50× fewer values than the full pass and no
 * new arrays.
 */
function updateInPlace(backend: NativeBackend, { w, v, g, mask }: Inputs, attrs: Attrs): TensorInfo[] | undefined {
  if (attrs.inPlace !== true || w.dataId === v.dataId || !backend.heldAlone(w.dataId) || !backend.heldAlone(v.dataId)) return undefined;
  const W = backend.data.get(w.dataId).values, V = backend.data.get(v.dataId).values;
  if (!(W instanceof Float32Array) || !(V instanceof Float32Array)) return undefined;
  const kept = mask == null ? undefined : keptIndices(backend, mask);
  if (kept === undefined && W.length > JS_MAX) return undefined;
  if (kept && mask && !(prunedAreZero(w, W, mask, kept) && prunedAreZero(v, V, mask, kept))) return undefined;
  const G = float32Values(backend, g);
  if (kept === undefined) jsUpdate(attrs, W, V, G, undefined, W, V, (i) => i, W.length);
  else if (kept.length <= JS_MAX_KEPT) jsUpdate(attrs, W, V, G, undefined, W, V, (k) => kept[k]!, kept.length);
  else {
    const keptBits = new Float32Array(kept.buffer, kept.byteOffset, kept.length);
    backend.addon.runKernel(SNIP_MASKED_SGD_MOMENTUM_KEPT, [G, keptBits], [W, V], Float64Array.of(attrs.lr, attrs.momentum, attrs.weightDecay));
  }
  backend.incRef(w.dataId);
  backend.incRef(v.dataId);
  return [{ ...w }, { ...v }];
}

// v' = (μ·v + g + λ·w)·mask;  w' = (w − η·v')·mask  →  [w', v']
function snipMaskedSgdMomentum({ inputs, backend, attrs: given }: KernelArgs<Inputs, Attrs>): TensorInfo[] {
  const { w, v, g, mask, lr } = inputs;
  requireFloat32(SNIP_MASKED_SGD_MOMENTUM, w, v, g);
  const attrs = lr == null ? given : { ...given, lr: float32Values(backend, lr)[0]! };
  const inPlace = updateInPlace(backend, inputs, attrs);
  if (inPlace) return inPlace;
  const ins = [w, v, g, ...(mask == null ? [] : [mask])].map((t) => float32Values(backend, t));
  const size = ins[0]!.length;
  if (size <= JS_MAX) { // a bias: new arrays, no addon call
    const [wOut, vOut] = [new Float32Array(size), new Float32Array(size)];
    jsUpdate(attrs, ins[0]!, ins[1]!, ins[2]!, ins[3], wOut, vOut, (i) => i, size);
    return [backend.makeTensorInfo(w.shape, 'float32', wOut), backend.makeTensorInfo(w.shape, 'float32', vOut)];
  }
  return backend.runNativeArrays(SNIP_MASKED_SGD_MOMENTUM, ins, [w.shape, w.shape], [attrs.lr, attrs.momentum, attrs.weightDecay]);
}

export const snipMaskedSgdMomentumConfig: KernelConfig = { kernelName: SNIP_MASKED_SGD_MOMENTUM, backendName: BACKEND_NAME, kernelFunc: snipMaskedSgdMomentum as unknown as KernelFunc };
