import { Tile, type KernelConfig, type KernelFunc, type TensorInfo, type TileAttrs, type TileInputs } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { allFloat32, cpuFallback, MAX_RANK, type KernelArgs, type Present } from '../kernel_utils.js';

// y = x repeated reps[d] times along each axis d (batch norm's gradient tiles per-channel vectors).
function tile(args: KernelArgs<Present<TileInputs>, TileAttrs>): TensorInfo {
  const { inputs: { x }, backend, attrs: { reps } } = args;
  const rank = x.shape.length;
  if (rank === 0 || rank > MAX_RANK || reps.length !== rank || !allFloat32(backend, x)) return cpuFallback(Tile, args);
  return backend.runNative('Tile', [x], x.shape.map((s, d) => s * reps[d]!), [rank, ...x.shape, ...reps]);
}

export const tileConfig: KernelConfig = { kernelName: Tile, backendName: BACKEND_NAME, kernelFunc: tile as unknown as KernelFunc };
