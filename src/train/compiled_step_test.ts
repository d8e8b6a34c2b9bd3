import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { compileStep, type CompiledStep, type StepFn } from './compiled_step.js';

await tf.setBackend('cpu');

const double: StepFn<{ k: number }> = ([x], { k }) => [tf.mul(x!, k)];

test('compileStep runs eagerly where the backend compiles nothing, leaking no tensor', () => {
  const x = tf.tensor1d([1, 2]);
  const before = tf.memory().numTensors;
  const step = compileStep(double);
  const [y] = step.run([x], { k: 3 });
  assert.deepEqual(Array.from(y!.dataSync()), [3, 6]);
  assert.equal(step.mode, 'eager');
  y!.dispose();
  step.dispose();
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});

test("compileStep takes the backend's compiled step, unless SNIP_STEP_GRAPHS=0", () => {
  const backend = tf.backend() as unknown as { compileStep?: unknown };
  let asked = 0;
  backend.compileStep = <A>(fn: StepFn<A>): CompiledStep<A> => {
    asked++;
    return { mode: 'fake', run: (inputs, args) => tf.tidy(() => fn(inputs, args)), dispose: () => {} };
  };
  try {
    assert.equal(compileStep(double).mode, 'fake');
    process.env.SNIP_STEP_GRAPHS = '0';
    assert.equal(compileStep(double).mode, 'eager');
    assert.equal(asked, 1);
  } finally {
    delete process.env.SNIP_STEP_GRAPHS;
    delete backend.compileStep;
  }
});
