// Steps replayed kernel by kernel on the torch backend (backends/kernel_replay.ts), on the CPU.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { getModel } from '../../../src/models/registry.js';
import { prunableWeights, trainableVariables } from '../../../src/masks/prunable.js';
import { compileStep, eagerStep } from '../../../src/train/compiled_step.js';
import { softmaxCrossEntropy } from '../../../src/train/losses.js';
import { MaskedSgd } from '../../../src/train/sgd.js';
import { configureTorch, registerTorchBackend } from './index.js';
import { torchSkipReason } from './test_util.js';

const skip = torchSkipReason();

test('torch: replayed training steps equal eager ones bit for bit, and replay is what runs', { skip }, async () => {
  registerTorchBackend({ device: 'cpu' });
  await tf.setBackend('torch');
  configureTorch({ threads: 1 });
  const run = (replay: boolean) => {
    const model = getModel('lenet5-caffe').build({ init: 'vs-h', seed: 1, inputShape: [28, 28, 1], numClasses: 10 });
    const variables = trainableVariables(model);
    const masks = new Map(prunableWeights(model).map((p, i) => {
      const m = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform(p.variable.shape, 0, 1, 'float32', i + 1), 0.9), 'float32'));
      tf.tidy(() => p.variable.assign(tf.mul(p.variable, m)));
      return [p.key, m];
    }));
    const sgd = new MaskedSgd(variables, masks, { momentum: 0.9, weightDecay: 5e-4 });
    const keyOf = new Map([...variables].map(([k, v]) => [v.name, k]));
    const fn = ([x, y]: tf.Tensor[], { lr }: { lr: number }) => {
      const { value, grads } = tf.variableGrads(() => softmaxCrossEntropy(model.apply(x!, { training: true }) as tf.Tensor, y as tf.Tensor1D), [...variables.values()]);
      sgd.step(new Map(Object.entries(grads).map(([name, g]) => [keyOf.get(name)!, g])), lr);
      return [value];
    };
    const step = replay ? compileStep(fn, { updatesVariables: true }) : eagerStep(fn);
    const losses: number[] = [];
    for (let t = 0; t < 5; t++) {
      const inputs = [tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', t + 1), tf.tensor1d([t % 10, 1, 2, 3], 'int32')];
      const [loss] = step.run(inputs, { lr: t < 3 ? 0.05 : 0.02 });
      losses.push(loss!.dataSync()[0]!);
      tf.dispose([loss!, ...inputs]);
    }
    const weights = model.weights.map((w) => Array.from(w.read().dataSync()));
    const mode = step.mode;
    step.dispose();
    sgd.dispose();
    tf.dispose([...masks.values()]);
    model.dispose();
    return { losses, weights, mode };
  };
  const eager = run(false);
  const replayed = run(true);
  assert.equal(replayed.mode, 'kernel-replay');
  assert.deepEqual(replayed.losses, eager.losses);
  assert.deepEqual(replayed.weights, eager.weights);
});
