import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers'; // registers tfjs-core's gradients, as every caller of the backend has
import { before, test } from 'node:test';

import { checkFusedReluGrad } from '../../../test/helpers/fused_training_checks.js';
import { RELU_GRAD } from '../../fused_gradients.js';
import { registerTorchBackend } from './index.js';
import { torchSkipReason } from './test_util.js';

const skip = torchSkipReason();

before(() => {
  if (!skip) registerTorchBackend({ device: 'cpu' });
});

test('Relu\'s gradient runs as one torch kernel and equals tfjs-core\'s on cpu', { skip }, async () => {
  await checkFusedReluGrad('torch', RELU_GRAD);
});
