// The native kernels (alphabetical), and registration of every kernel for the `native` backend:
// tfjs-backend-cpu's kernels first (our tensors are its TypedArrays), then ours in their place.
import { getKernelsForBackend, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, type NativeBackend } from './backend_native.js';
import { _fusedMatMulConfig } from './kernels/_FusedMatMul.js';
import { avgPoolConfig } from './kernels/AvgPool.js';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { addConfig, multiplyConfig, realDivConfig, subConfig } from './kernels/binary.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { maxPoolConfig } from './kernels/MaxPool.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { meanConfig } from './kernels/Mean.js';
import { snipMaskedConv2DConfig } from './kernels/SnipMaskedConv2D.js';
import { snipMaskedConv2DGradFilterConfig } from './kernels/SnipMaskedConv2DGradFilter.js';
import { snipMaskedConv2DGradInputConfig } from './kernels/SnipMaskedConv2DGradInput.js';
import { snipMaskedMatMulConfig } from './kernels/SnipMaskedMatMul.js';
import { snipMaskedMatMulGradFilterConfig } from './kernels/SnipMaskedMatMulGradFilter.js';
import { snipMaskedMatMulGradInputConfig } from './kernels/SnipMaskedMatMulGradInput.js';
import { snipMaskedSgdMomentumConfig } from './kernels/SnipMaskedSgdMomentum.js';
import { batchNormTrainingConfig, batchNormTrainingGradConfig } from './kernels/SnipBatchNormTraining.js';
import { snipReluBiasGradConfig } from './kernels/SnipReluBiasGrad.js';
import { reluGradConfig } from './kernels/SnipReluGrad.js';
import { snipSoftmaxCrossEntropyConfig, snipSoftmaxCrossEntropyGradConfig } from './kernels/SnipSoftmaxCrossEntropy.js';
import { splitVConfig } from './kernels/SplitV.js';
import { sumConfig } from './kernels/Sum.js';
import { tileConfig } from './kernels/Tile.js';
import { transposeConfig } from './kernels/Transpose.js';
import { reluConfig, squareConfig, stepConfig } from './kernels/unary.js';

export const nativeKernelConfigs: readonly KernelConfig[] = [
  addConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  batchMatMulConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  fusedBatchNormConfig,
  fusedConv2DConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  meanConfig,
  multiplyConfig,
  realDivConfig,
  reluConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  snipMaskedConv2DConfig,
  snipMaskedConv2DGradFilterConfig,
  snipMaskedConv2DGradInputConfig,
  snipMaskedMatMulConfig,
  snipMaskedMatMulGradFilterConfig,
  snipMaskedMatMulGradInputConfig,
  snipMaskedSgdMomentumConfig,
  snipReluBiasGradConfig,
  reluGradConfig,
  snipSoftmaxCrossEntropyConfig,
  snipSoftmaxCrossEntropyGradConfig,
  splitVConfig,
  squareConfig,
  stepConfig,
  subConfig,
  sumConfig,
  tileConfig,
  transposeConfig,
  _fusedMatMulConfig, // '_' sorts after the letters
];

/** Native kernels written in TypeScript (strided copies over the same arrays), not in the addon. */
export const TYPESCRIPT_KERNELS: ReadonlySet<string> = new Set(['SnipSoftmaxCrossEntropy', 'SnipSoftmaxCrossEntropyGrad', 'SplitV', 'Transpose']);

// cpu kernels that never keep a view of an input's values (they share the dataId instead).
const SHARES_NO_VALUES = new Set(['Cast', 'Identity', 'Reshape']);

/** A cpu kernel under `native`; its inputs' arrays are no longer recycled (buffer_pool.ts). */
function fromCpu(cpu: KernelConfig): KernelConfig {
  if (SHARES_NO_VALUES.has(cpu.kernelName)) return { ...cpu, backendName: BACKEND_NAME };
  const run = cpu.kernelFunc;
  const kernelFunc: KernelConfig['kernelFunc'] = (args) => {
    (args.backend as NativeBackend).escape(Object.values(args.inputs));
    return run(args);
  };
  return { ...cpu, backendName: BACKEND_NAME, kernelFunc };
}

/** Registers every tfjs-backend-cpu kernel under `native`, with the native ones replacing theirs. */
export function registerAllKernels(): void {
  const native = new Set(nativeKernelConfigs.map((k) => k.kernelName));
  for (const cpu of getKernelsForBackend('cpu')) {
    if (!native.has(cpu.kernelName)) registerKernel(fromCpu(cpu));
  }
  for (const config of nativeKernelConfigs) registerKernel(config);
}
