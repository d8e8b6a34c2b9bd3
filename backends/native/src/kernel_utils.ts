// Helpers shared by the kernel files: dtype checks, the tfjs-backend-cpu fallback,
// and the attribute layouts the C++ side reads (csrc/conv_geometry.h, csrc/elementwise.h).
import { backend_util, getKernel, util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

import type { NativeBackend } from './backend_native.js';

/** tfjs types every kernel input as optional; this marks the ones a kernel requires. */
export type Present<I> = { [K in keyof I]-?: Exclude<I[K], undefined> };

/** A kernel's arguments, as tfjs passes them to our backend. */
export interface KernelArgs<I, A = Record<string, never>> {
  inputs: I;
  backend: NativeBackend;
  attrs: A;
}

/**
 * True when every given tensor is float32 and stored as a Float32Array (the only storage the addon
 * takes): tfjs-backend-cpu's Cast from int32 to float32 keeps the Int32Array under a float32 dtype.
 */
export function allFloat32(backend: NativeBackend, ...ts: Array<TensorInfo | undefined | null>): boolean {
  return ts.every((t) => t == null || (t.dtype === 'float32' && backend.data.get(t.dataId)?.values instanceof Float32Array));
}

/** Our own kernels have no cpu kernel to fall back to: they take float32 inputs only. */
export function requireFloat32(kernel: string, ...ts: Array<TensorInfo | undefined | null>): void {
  if (ts.some((t) => t != null && t.dtype !== 'float32')) throw new Error(`native ${kernel}: inputs must be float32 tensors`);
}

/** A float32 tensor's values as a Float32Array: a copy when a cpu Cast left another array type. */
export function float32Values(backend: NativeBackend, t: TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** Runs tfjs-backend-cpu's kernel for the same call (our backend extends MathBackendCPU). */
export function cpuFallback<I, A>(kernelName: string, args: KernelArgs<I, A>): TensorInfo {
  const cpu = getKernel(kernelName, 'cpu');
  if (cpu === undefined) throw new Error(`native: no cpu kernel ${kernelName} to fall back to`);
  args.backend.escape(Object.values(args.inputs as Record<string, TensorInfo | undefined>));
  return cpu.kernelFunc(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** csrc/conv_geometry.h order. */
export function convAttrs(c: backend_util.Conv2DInfo): number[] {
  return [
    c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels,
    c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth,
    c.padInfo.top, c.padInfo.left,
  ];
}

/** Activation ids of csrc/activation.h, or undefined for those left to the cpu kernels. */
export function activationId(name: backend_util.Activation | undefined): number | undefined {
  switch (name ?? 'linear') {
    case 'linear': return 0;
    case 'relu': return 1;
    case 'relu6': return 2;
    case 'elu': return 3;
    case 'sigmoid': return 4;
    case 'leakyrelu': return 5;
    default: return undefined; // prelu needs per-channel weights: cpu kernel
  }
}

/** csrc/elementwise.h kMaxRank: the most dimensions a broadcast or a tile may keep. */
export const MAX_RANK = 6;

/**
 * csrc/elementwise.h BroadcastShape: rank, shape, strides of a and b (0 where broadcast),
 * with adjacent dimensions merged where both inputs allow; undefined if the rank is too high.
 */
export function broadcastAttrs(aShape: number[], bShape: number[]): { outShape: number[]; attrs: number[] } | undefined {
  const outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
  const rank = outShape.length;
  const strides = (shape: number[]) => {
    const s = new Array<number>(rank).fill(0);
    for (let d = rank - 1, acc = 1; d >= rank - shape.length; --d) {
      const size = shape[d - (rank - shape.length)];
      s[d] = size === 1 ? 0 : acc;
      acc *= size;
    }
    return s;
  };
  const sa = strides(aShape), sb = strides(bShape);
  const shape: number[] = [], ma: number[] = [], mb: number[] = [];
  for (let d = 0; d < rank; ++d) {
    const last = shape.length - 1;
    if (last >= 0 && ma[last] === sa[d] * outShape[d] && mb[last] === sb[d] * outShape[d]) {
      shape[last] *= outShape[d];
      ma[last] = sa[d];
      mb[last] = sb[d];
    } else {
      shape.push(outShape[d]);
      ma.push(sa[d]);
      mb.push(sb[d]);
    }
  }
  if (shape.length === 0) shape.push(1), ma.push(0), mb.push(0);
  if (shape.length > MAX_RANK) return undefined;
  return { outShape, attrs: [shape.length, ...shape, ...ma, ...mb] };
}

/**
 * Reductions (Sum, Mean) over a leading or a trailing block of axes, seen as a [rows × cols]
 * matrix; attrs: rows, cols, leading. Undefined for other axis sets (cpu kernel).
 */
export function planReduction(shape: number[], axis: number | number[], keepDims: boolean): { outShape: number[]; attrs: number[] } | undefined {
  const rank = shape.length;
  const axes = util.parseAxisParam(axis, shape).sort((p, q) => p - q);
  const leading = axes.every((ax, i) => ax === i);
  const trailing = axes.every((ax, i) => ax === rank - axes.length + i);
  if (axes.length === 0 || (!leading && !trailing)) return undefined;
  const [kept, reduced] = backend_util.computeOutAndReduceShapes(shape, axes);
  const rows = util.sizeFromShape(leading ? reduced : kept), cols = util.sizeFromShape(leading ? kept : reduced);
  const outShape = keepDims ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
  return { outShape, attrs: [rows, cols, leading ? 1 : 0] };
}

/** Attr a step's replay sets on a convolution it fused with the 2×2 stride-2 max pool after it (fusions.ts). */
export const POOL_2X2_ATTR = 'snipMaxPool2x2';

/** Whether a convolution kernel's attrs ask for the fused pool (POOL_2X2_ATTR). */
export function poolsAfter(attrs: object): boolean {
  return (attrs as Record<string, unknown>)[POOL_2X2_ATTR] === true;
}

/** A convolution's output shape (NHWC), after the 2×2 stride-2 valid max pool if `pool`. */
export function convOutShape([n, h, w, c]: number[], pool: boolean): number[] {
  return pool ? [n!, Math.floor(h! / 2), Math.floor(w! / 2), c!] : [n!, h!, w!, c!];
}
