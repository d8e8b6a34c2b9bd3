// Helpers for wasm kernels written in terms of other wasm kernels (no new C++).
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DAttrs, KernelBackend, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/** Stock wasm kernels that we override, captured before the override so ours can delegate. */
const stockKernels = new Map<string, tf.KernelConfig>();

/** Remembers the stock config of `kernelName` for backend 'wasm' (first call wins). */
export function captureStockKernel(kernelName: string): tf.KernelConfig {
  const known = stockKernels.get(kernelName);
  if (known !== undefined) return known;
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`wasm backend has no stock kernel '${kernelName}'`);
  stockKernels.set(kernelName, config);
  return config;
}

/** Runs the stock wasm kernel `kernelName`; the caller owns (and disposes) the result. */
export function runStock(
  kernelName: string,
  backend: KernelBackend,
  inputs: NamedTensorInfoMap | TensorInfo[], // an array for kernels such as Concat
  attrs: object = {},
): TensorInfo {
  const config = stockKernels.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
  if (config === undefined) throw new Error(`wasm backend has no kernel '${kernelName}'`);
  // Kernel attrs may hold values NamedAttrMap does not list (explicit pads are number[][]).
  const out = config.kernelFunc({ inputs: inputs as NamedTensorInfoMap, backend, attrs: attrs as NamedAttrMap });
  if (Array.isArray(out)) throw new Error(`wasm kernel '${kernelName}' returned several outputs`);
  return out;
}

/** Frees intermediate results of runStock. */
export function disposeAll(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** Transposes the last two axes of `x` (a new tensor). */
export function transposeLastTwo(backend: KernelBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return runStock('Transpose', backend, { x }, { perm });
}

type Shape4 = [number, number, number, number];
export type ExplicitPads = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The stock wasm Conv2D returns zeros for some SAME convolutions (e.g. a 1×3 filter at stride 2
 * on an even height: XNNPACK's TF-SAME mode); explicit pads of the same size give the right answer.
 * Returns `attrs` with SAME replaced by those pads (other paddings unchanged).
 */
export function explicitSameImpl<A extends Conv2DAttrs>(xShape: number[], filterShape: number[], attrs: A): A {
  if (attrs.pad !== 'same') return attrs;
  const p = backend_util.computeConv2DInfo(
    xShape as Shape4, filterShape as Shape4, attrs.strides, attrs.dilations, 'same', attrs.dimRoundingMode,
    false, backend_util.convertConv2DDataFormat(attrs.dataFormat)).padInfo;
  const pads: ExplicitPads = [[0, 0], [p.top, p.bottom], [p.left, p.right], [0, 0]];
  return { ...attrs, pad: pads };
}
