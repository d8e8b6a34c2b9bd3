import '@tensorflow/tfjs-backend-cpu';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import * as fused from '../../../../src/models/fused_batch_norm.js';
import { checkRoutedBatchNorm } from '../../../../test/helpers/fused_training_checks.js';
import { registerTorchBackend } from '../index.js';
import { torchSkipReason } from '../test_util.js';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from './SnipBatchNormTraining.js';

const skip = torchSkipReason();

before(() => {
  if (!skip) registerTorchBackend({ device: 'cpu' });
});

test('the kernel names the fused batch norm looks for are the ones the torch backend registers', () => {
  assert.equal(fused.BATCH_NORM_TRAINING, BATCH_NORM_TRAINING);
  assert.equal(fused.BATCH_NORM_TRAINING_GRAD, BATCH_NORM_TRAINING_GRAD);
});

test('a routed batch norm on torch (ATen native batch norm each way) gives the stock layer\'s outputs, gradients and moving averages', { skip }, async () => {
  await checkRoutedBatchNorm('torch', [[4, 5, 6, 3], [16, 7], [2, 3, 3, 64]], [BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD]);
});
