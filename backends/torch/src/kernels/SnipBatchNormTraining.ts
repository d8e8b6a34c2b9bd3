// A whole training-mode batch norm (src/models/fused_batch_norm.ts routes tfjs-layers'
// BatchNormalization here): csrc/kernels/norm.cc runs it as ATen's native batch norm.
//   SnipBatchNormTraining: inputs {x, gamma, beta}, attrs {epsilon}; outputs [y, mean, variance, invStd]
//   SnipBatchNormTrainingGrad: inputs {dy, x, gamma, mean, invStd}, attrs {epsilon}; outputs [dx, dgamma, dbeta]
import type { KernelConfig } from '@tensorflow/tfjs-core';

import { torchKernel } from '../kernel_utils.js';

// The names src/models/fused_batch_norm.ts looks for (backends import nothing from the pipeline; a test checks they match).
export const BATCH_NORM_TRAINING = 'SnipBatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'SnipBatchNormTrainingGrad';

export const batchNormTrainingConfig: KernelConfig = torchKernel(BATCH_NORM_TRAINING, ['x', 'gamma', 'beta'], ({ attrs }) => [attrs.epsilon as number]);

export const batchNormTrainingGradConfig: KernelConfig = torchKernel(BATCH_NORM_TRAINING_GRAD, ['dy', 'x', 'gamma', 'mean', 'invStd'], ({ attrs }) => [attrs.epsilon as number]);
