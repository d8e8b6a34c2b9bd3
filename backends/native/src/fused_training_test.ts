import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients, as every caller of the backend has
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as fused from '../../../src/models/fused_batch_norm.js';
import { checkFusedReluGrad, checkRoutedBatchNorm } from '../../../test/helpers/fused_training_checks.js';
import { RELU_GRAD } from '../../fused_gradients.js';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './kernels/SnipBatchNormTraining.js';
import { requireNative } from './test_util.js';

test('the kernel names the fused batch norm looks for are the ones the native backend registers', () => {
  assert.equal(fused.BATCH_NORM_TRAINING, BATCH_NORM_TRAINING);
  assert.equal(fused.BATCH_NORM_TRAINING_GRAD, BATCH_NORM_TRAINING_GRAD);
});

test('a routed batch norm on native (five passes) gives the stock layer\'s outputs, gradients and moving averages', async () => {
  requireNative();
  // The last shape is large enough to run on both threads (kParallelElements).
  await checkRoutedBatchNorm('native', [[4, 5, 6, 3], [16, 7], [2, 3, 3, 64], [64, 16, 16, 64]], [BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD]);
});

test('Relu\'s gradient runs as one native kernel and equals tfjs-core\'s on cpu', async () => {
  requireNative();
  await checkFusedReluGrad('native', RELU_GRAD);
});
