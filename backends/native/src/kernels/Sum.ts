import { backend_util, Sum, util, type KernelConfig, type KernelFunc, type SumAttrs, type SumInputs, type TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, type KernelArgs, type Present } from '../kernel_utils.js';

// Σ over axes that form a leading or trailing block (e.g. a bias gradient over N, H, W).
function sum(args: KernelArgs<Present<SumInputs>, SumAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  const rank = x.shape.length;
  const axes = util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q);
  const leading = axes.every((ax, i) => ax === i);
  const trailing = axes.every((ax, i) => ax === rank - axes.length + i);
  if (axes.length === 0 || (!leading && !trailing) || !allFloat32(x)) return cpuFallback(Sum, args);
  const [kept, reduced] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const rows = util.sizeFromShape(leading ? reduced : kept), cols = util.sizeFromShape(leading ? kept : reduced);
  const outShape = attrs.keepDims ? backend_util.expandShapeToKeepDim(kept, axes) : kept;
  return backend.runNative('Sum', [x], outShape, [rows, cols, leading ? 1 : 0]);
}

export const sumConfig: KernelConfig = { kernelName: Sum, backendName: BACKEND_NAME, kernelFunc: sum as unknown as KernelFunc };
