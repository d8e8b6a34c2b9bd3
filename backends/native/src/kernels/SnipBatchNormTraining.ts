import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME } from '../backend_native.js';
import { requireFloat32, type KernelArgs } from '../kernel_utils.js';

// A whole training-mode batch norm and its gradient (src/models/fused_batch_norm.ts routes
// tfjs-layers' BatchNormalization here; csrc/kernels/batch_norm_training.cc), statistics over
// every axis but the last. The names match the pipeline's (a test checks).
export const BATCH_NORM_TRAINING = 'SnipBatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'SnipBatchNormTrainingGrad';

// in: x, gamma, beta; attrs: epsilon; out: [y, mean, variance (biased), invStd].
function batchNormTraining({ inputs: { x, gamma, beta }, backend, attrs }: KernelArgs<{ x: TensorInfo; gamma: TensorInfo; beta: TensorInfo }, { epsilon: number }>): TensorInfo[] {
  requireFloat32(BATCH_NORM_TRAINING, x, gamma, beta);
  const C = x.shape[x.shape.length - 1]!;
  return backend.runNativeArrays(BATCH_NORM_TRAINING, [x, gamma, beta].map((t) => backend.floats(t)), [x.shape, [C], [C], [C]], [C, attrs.epsilon]);
}

// in: dy, x, gamma, mean, invStd; out: [dx, dgamma, dbeta].
function batchNormTrainingGrad({ inputs, backend }: KernelArgs<{ dy: TensorInfo; x: TensorInfo; gamma: TensorInfo; mean: TensorInfo; invStd: TensorInfo }>): TensorInfo[] {
  const { dy, x, gamma, mean, invStd } = inputs;
  requireFloat32(BATCH_NORM_TRAINING_GRAD, dy, x, gamma, mean, invStd);
  const C = x.shape[x.shape.length - 1]!;
  return backend.runNativeArrays(BATCH_NORM_TRAINING_GRAD, [dy, x, gamma, mean, invStd].map((t) => backend.floats(t)), [x.shape, [C], [C]], [C]);
}

export const batchNormTrainingConfig: KernelConfig = { kernelName: BATCH_NORM_TRAINING, backendName: BACKEND_NAME, kernelFunc: batchNormTraining as unknown as KernelFunc };
export const batchNormTrainingGradConfig: KernelConfig = { kernelName: BATCH_NORM_TRAINING_GRAD, backendName: BACKEND_NAME, kernelFunc: batchNormTrainingGrad as unknown as KernelFunc };
