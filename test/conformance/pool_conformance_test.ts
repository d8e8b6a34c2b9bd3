// maxPool / avgPool forward and gradient on every backend vs cpu (inputs of both signs: the
// stock wasm MaxPoolGrad once dropped the gradient of all-negative windows).
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertConforms, backendsUnderTest, makeRng, randInt, randomValues } from './harness.js';

interface PoolCase {
  x: [number, number, number, number];
  size: number;
  stride: number;
  pad: 'same' | 'valid';
}

function poolCases(count: number, seed: number): PoolCase[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const size = randInt(rng, 1, 3);
    return {
      x: [i % 3 === 0 ? 1 : randInt(rng, 2, 4), randInt(rng, size, 11), randInt(rng, size, 11), randInt(rng, 1, 3)],
      size, stride: randInt(rng, 1, 2), pad: i % 2 === 0 ? 'same' : 'valid',
    };
  });
}

const CASES: PoolCase[] = [...poolCases(16, 3), { x: [2, 24, 24, 20], size: 2, stride: 2, pad: 'valid' }];

const backends = await backendsUnderTest();

for (const backend of backends) {
  test(`${backend}: maxPool and avgPool forward and gradient match cpu`, async () => {
    const rng = makeRng(9);
    for (const c of CASES) {
      const xv = randomValues(c.x, rng);
      await assertConforms(backend, `pool x=${c.x} size=${c.size} stride=${c.stride} ${c.pad}`, () => {
        const x = tf.tensor4d(xv, c.x);
        const outs: tf.Tensor[] = [];
        for (const pool of [tf.maxPool, tf.avgPool]) {
          const y = pool(x, c.size, c.stride, c.pad);
          const dy = tf.tensor4d(randomValues(y.shape, makeRng(4)), y.shape);
          const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D, c.size, c.stride, c.pad), dy)))(x);
          outs.push(y, dx);
        }
        return outs;
      });
    }
  });
}

if (backends.length === 0) test('pool conformance: no backend besides cpu available', { skip: true }, () => {});
