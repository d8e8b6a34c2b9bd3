// Conv2D forward, Conv2DBackpropInput and Conv2DBackpropFilter on every backend vs cpu,
// on seeded random shapes: odd sizes, batch 1, 1–3 channels, strides 1 and 2, SAME and VALID.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertConforms, backendsUnderTest, makeRng, randInt, randomValues } from './harness.js';

interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: 1 | 2;
  pad: 'same' | 'valid';
}

function convCases(count: number, seed: number): ConvCase[] {
  const rng = makeRng(seed);
  const cases: ConvCase[] = [];
  for (let i = 0; i < count; i++) {
    const f = randInt(rng, 1, 5);
    const h = randInt(rng, f, 13);
    const w = randInt(rng, f, 13);
    const n = i % 3 === 0 ? 1 : randInt(rng, 2, 5);
    const cin = randInt(rng, 1, 3);
    const cout = randInt(rng, 1, 3) + (i % 4 === 0 ? 8 : 0);
    cases.push({ x: [n, h, w, cin], filter: [f, randInt(rng, 1, Math.min(5, w)), cin, cout],
      stride: i % 2 === 0 ? 1 : 2, pad: i % 4 < 2 ? 'same' : 'valid' });
  }
  return cases;
}

const CASES = [
  ...convCases(24, 7),
  { x: [2, 28, 28, 1], filter: [5, 5, 1, 20], stride: 1, pad: 'valid' } as ConvCase, // LeNet-5 conv1
  { x: [2, 12, 12, 20], filter: [5, 5, 20, 50], stride: 1, pad: 'valid' } as ConvCase, // LeNet-5 conv2
  { x: [1, 9, 9, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same' } as ConvCase,
];

function describe(c: ConvCase): string {
  return `x=${c.x} filter=${c.filter} stride=${c.stride} ${c.pad}`;
}

const backends = await backendsUnderTest();

for (const backend of backends) {
  test(`${backend}: conv2d forward and both gradients match cpu`, async () => {
    const rng = makeRng(11);
    for (const c of CASES) {
      const xv = randomValues(c.x, rng);
      const wv = randomValues(c.filter, rng);
      await assertConforms(backend, `conv2d ${describe(c)}`, () => {
        const x = tf.tensor4d(xv, c.x);
        const w = tf.tensor4d(wv, c.filter);
        const y = tf.conv2d(x, w, c.stride, c.pad);
        const dy = tf.tensor4d(randomValues(y.shape, makeRng(3)), y.shape);
        // The gradients of Σ y·dy run Conv2DBackpropInput and Conv2DBackpropFilter.
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), dy));
        const [dx, dw] = tf.grads(loss)([x, w]);
        return [y, dx!, dw!];
      });
    }
  });
}

if (backends.length === 0) test('conv2d conformance: no backend besides cpu available', { skip: true }, () => {});
