// Steps replayed kernel by kernel on the torch backend (backends/kernel_replay.ts), on the CPU.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { maskedTrainingRun } from '../../../test/helpers/masked_training.js';
import { configureTorch, registerTorchBackend } from './index.js';
import { torchSkipReason } from './test_util.js';

const skip = torchSkipReason();

test('torch: replayed training steps equal eager ones bit for bit, and replay is what runs', { skip }, async () => {
  registerTorchBackend({ device: 'cpu' });
  await tf.setBackend('torch');
  configureTorch({ threads: 1 });
  const run = (replay: boolean) => maskedTrainingRun('lenet5-caffe', [28, 28, 1], 5, replay);
  const eager = run(false);
  const replayed = run(true);
  assert.equal(replayed.mode, 'kernel-replay');
  assert.deepEqual(replayed.losses, eager.losses);
  assert.deepEqual(replayed.weights, eager.weights);
});
