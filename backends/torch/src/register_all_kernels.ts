// The torch kernels, and registration of every kernel for the `torch` backend: ours, then
// tfjs-backend-cpu's for the rest, run on the host through cpu_fallback.ts.
import { getKernelsForBackend, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';

import { fallbackConfig } from './cpu_fallback.js';
import { avgPoolConfig } from './kernels/AvgPool.js';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { binaryConfigs } from './kernels/binary_ops.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { creationConfigs } from './kernels/creation_ops.js';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { identityConfig } from './kernels/Identity.js';
import { maxPoolConfig } from './kernels/MaxPool.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { reductionConfigs } from './kernels/reductions.js';
import { shapeConfigs } from './kernels/shape_ops.js';
import { batchNormTrainingConfig, batchNormTrainingGradConfig } from './kernels/SnipBatchNormTraining.js';
import { fusedBatchNormGradConfig } from './kernels/SnipFusedBatchNormGrad.js';
import { snipMaskedSgdMomentumConfig, snipMaskedSgdMomentumMultiConfig } from './kernels/SnipMaskedSgdMomentum.js';
import { unaryConfigs } from './kernels/unary_ops.js';
import { _fusedMatMulConfig } from './kernels/_FusedMatMul.js';

/** Every kernel the addon runs, sorted by name. */
export const torchKernelConfigs: readonly KernelConfig[] = [
  avgPoolConfig,
  avgPoolGradConfig,
  batchMatMulConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  fusedBatchNormConfig,
  fusedConv2DConfig,
  identityConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  _fusedMatMulConfig,
  fusedBatchNormGradConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  snipMaskedSgdMomentumConfig,
  snipMaskedSgdMomentumMultiConfig,
  ...binaryConfigs,
  ...creationConfigs,
  ...reductionConfigs,
  ...shapeConfigs,
  ...unaryConfigs,
].sort((a, b) => (a.kernelName < b.kernelName ? -1 : a.kernelName > b.kernelName ? 1 : 0));

/** Names of the cpu kernels that run through the host fallback (set by registerAllKernels). */
export const fallbackKernelNames: string[] = [];

/** Registers the torch kernels, and a host fallback for every other tfjs-backend-cpu kernel. */
export function registerAllKernels(): void {
  const ours = new Set(torchKernelConfigs.map((k) => k.kernelName));
  for (const config of torchKernelConfigs) registerKernel(config);
  for (const cpu of getKernelsForBackend('cpu')) {
    if (ours.has(cpu.kernelName)) continue;
    registerKernel(fallbackConfig(cpu.kernelName));
    fallbackKernelNames.push(cpu.kernelName);
  }
}
