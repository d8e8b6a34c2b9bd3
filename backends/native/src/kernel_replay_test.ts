// Inference steps replayed kernel by kernel on native (backends/kernel_replay.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';

import { getModel } from '../../../src/models/registry.js';
import { compileStep } from '../../../src/train/compiled_step.js';
import { maskedTrainingRun } from '../../../test/helpers/masked_training.js';
import { configureNative, nativeInfo } from './index.js';
import { countKernelCalls, randomData, requireNative } from './test_util.js';

requireNative();
await tf.setBackend('native');

const batch = (n: number, seed: number) => tf.tensor4d(randomData(n * 784, seed), [n, 28, 28, 1]);

test('a replayed forward pass equals the eager one bit for bit, sees weight changes, and leaks nothing', () => {
  const model = getModel('lenet5-caffe').build({ init: 'vs-h', seed: 1, inputShape: [28, 28, 1], numClasses: 10 });
  const step = compileStep(([x]) => [tf.softmax(model.apply(x!, { training: false }) as tf.Tensor)]);
  const check = (x: tf.Tensor) => {
    const want = tf.tidy(() => tf.softmax(model.apply(x, { training: false }) as tf.Tensor).dataSync().slice());
    const [got] = step.run([x], {});
    assert.deepEqual(Array.from(got!.dataSync()), Array.from(want));
    got!.dispose();
  };
  const xs = [1, 2, 3, 4].map((s) => batch(8, s));
  check(xs[0]!); // eager (warm-up)
  check(xs[1]!); // traced
  assert.equal(step.mode, 'kernel-replay');
  const tensors = tf.memory().numTensors, buffers = tf.engine().backend.numDataIds();
  check(xs[2]!); // replayed
  assert.equal(tf.memory().numTensors, tensors, 'no tensor left behind');
  assert.equal(tf.engine().backend.numDataIds(), buffers, 'no buffer left behind');
  const kernel = model.getLayer('conv1').getWeights()[0]!;
  model.getLayer('conv1').setWeights([tf.mul(kernel, 0.5), model.getLayer('conv1').getWeights()[1]!]); // new values, new tensors
  check(xs[3]!);
  check(batch(3, 9)); // another batch size: a second trace
  assert.equal(step.mode, 'kernel-replay');
  step.dispose();
  tf.dispose(xs);
  model.dispose();
});

test('replayed training steps (masked SGD in place, batch-norm statistics) equal eager ones bit for bit', () => {
  const run = (replay: boolean) => maskedTrainingRun('alexnet-s', [32, 32, 3], 6, replay);
  // One thread: with two, the addon's reductions may split differently from run to run.
  const threads = nativeInfo()!.threads;
  configureNative({ threads: 1 });
  let eager, replayed;
  try {
    eager = run(false);
    replayed = run(true);
  } finally {
    configureNative({ threads });
  }
  assert.equal(replayed.mode, 'kernel-replay');
  assert.deepEqual(replayed.losses, eager.losses);
  assert.deepEqual(replayed.weights, eager.weights); // moving mean and variance included
  assert.equal(replayed.leaked, 0);
});

test('a step that reads values back runs eagerly, saying why', () => {
  const x = tf.ones([4]);
  const reading = compileStep(([y]) => [tf.scalar(y!.dataSync()[0]! * 2)]);
  for (let i = 0; i < 3; i++) tf.dispose(reading.run([x], {}));
  assert.match(reading.mode, /^eager \(the step reads values on the host\)/);
  x.dispose();
});

test('an input the engine saves for the backward pass (a clone, made by no kernel) is the new input at each replay', () => {
  const v = tf.variable(tf.ones([3]));
  // d/dv sum(v·x) = x: the Multiply's saved clone of x must follow the input, not stay the first one.
  const step = compileStep(([x]) => {
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(v, x!)), [v]);
    v.assign(tf.sub(v, grads[v.name]!));
    return [];
  }, { updatesVariables: true });
  const inputs = [1, 2, 3, 4].map((k) => tf.tensor1d([k, 10 * k, 100 * k]));
  for (const x of inputs) step.run([x], {});
  assert.equal(step.mode, 'kernel-replay');
  assert.deepEqual(Array.from(v.dataSync()), [1 - 10, 1 - 100, 1 - 1000]);
  step.dispose();
  tf.dispose([v, ...inputs]);
});

test('kernels whose outputs nothing uses are not replayed (a first conv layer\'s input gradient)', () => {
  const model = getModel('lenet5-caffe').build({ init: 'vs-h', seed: 1, inputShape: [28, 28, 1], numClasses: 10 });
  const counter = countKernelCalls('Conv2DBackpropInput');
  try {
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const step = compileStep(([x]) => [tf.addN(Object.values(tf.variableGrads(() => tf.sum(model.apply(x!) as tf.Tensor), vars).grads).map((g) => tf.sum(g)))]);
    const xs = [1, 2, 3].map((s) => batch(4, s));
    const want = tf.tidy(() => tf.addN(Object.values(tf.variableGrads(() => tf.sum(model.apply(xs[2]!) as tf.Tensor), vars).grads).map((g) => tf.sum(g))).dataSync()[0]);
    counter.calls = 0;
    for (const x of xs.slice(0, 2)) tf.dispose(step.run([x], {})); // eager, then traced
    assert.equal(counter.calls, 4, 'eager and traced: conv2\'s input gradient and conv1\'s each');
    const [got] = step.run([xs[2]!], {});
    assert.equal(step.mode, 'kernel-replay');
    assert.equal(got!.dataSync()[0], want);
    assert.equal(counter.calls, 5, 'replayed: conv2\'s input gradient only');
    tf.dispose([got!, ...xs]);
    step.dispose();
  } finally {
    counter.restore();
    model.dispose();
  }
});
